package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.leadscore.api.ProblemException;
import dev.leadscore.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * DRL is code: only rules developers (and admins) may change it. Marketing Ops change tables,
 * which are data. Drafts uploaded over the API, zips included, and backtests with a draft follow
 * the same rule.
 */
public final class RuleCode {

    private RuleCode() {
    }

    public static boolean mayChange(SecurityIdentity identity) {
        return identity != null && (identity.hasRole(Roles.RULES_DEVELOPER) || identity.hasRole(Roles.ADMIN));
    }

    /** Refuses a draft whose DRL files differ from the active version's. */
    static void requireUnchanged(RuleFiles active, RuleFiles draft) {
        TreeSet<String> changed = new TreeSet<>();
        for (Map<String, byte[]> files : List.of(active.files(), draft.files())) {
            for (String name : files.keySet()) {
                if (name.endsWith(RuleFiles.DRL)
                        && !Arrays.equals(active.files().get(name), draft.files().get(name))) {
                    changed.add(name);
                }
            }
        }
        if (!changed.isEmpty()) {
            throw ProblemException.forbidden("The draft changes " + String.join(", ", changed) + ": DRL is code and "
                    + "needs the " + Roles.RULES_DEVELOPER + " role; Marketing Ops change the tables (*.xlsx)");
        }
    }

    /**
     * A backtest with a draft: drafts are for Marketing Ops, rules developers and admins; a draft
     * carrying DRL or a whole model (.zip) needs a rules developer.
     */
    public static void requireMayDraft(SecurityIdentity identity, List<String> draftFiles) {
        if (draftFiles.isEmpty()) {
            return;
        }
        if (!(identity.hasRole(Roles.MARKETING_OPS) || mayChange(identity))) {
            throw ProblemException.forbidden("Backtesting a draft needs a role that may upload drafts ("
                    + Roles.MARKETING_OPS + ", " + Roles.RULES_DEVELOPER + " or " + Roles.ADMIN + ")");
        }
        List<String> code = draftFiles.stream().filter(f -> f != null && (f.toLowerCase(Locale.ROOT).endsWith(RuleFiles.DRL)
                || f.toLowerCase(Locale.ROOT).endsWith(".zip"))).toList();
        if (!code.isEmpty() && !mayChange(identity)) {
            throw ProblemException.forbidden("The draft holds " + String.join(", ", code) + ": DRL is code and needs the "
                    + Roles.RULES_DEVELOPER + " role");
        }
    }
}
