package dev.leadscore.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.security.LeadAccess;
import io.quarkus.panache.common.Sort;

/**
 * Reads stage changes: the announced ones as a feed a CRM polls with a cursor, and all of a
 * lead's (announced or held back) for RevOps.
 *
 * <p>The feed is ordered by writing transaction, then id, and only shows transactions older than
 * every transaction still running: a change that commits late can then never land behind a
 * cursor a client already holds.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class StageChangeFeed {
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,19})-(\\d{1,19})");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    LeadAccess access;

    public record FeedPage(List<Map<String, Object>> items, String nextCursor) {
    }

    public record View(long id, String kind, String leadId, String accountId, String model, String from, String to,
            Instant at, Integer fit, Integer engagement, Integer total, String band, String activation,
            String rulesetVersion, Long scoreId, String reason, boolean announced) {
        static View of(StageChange c) {
            return new View(c.id, c.kind, c.leadId, c.accountKey, c.model, c.fromStage, c.toStage, c.at, c.fit,
                    c.engagement, c.total, c.band, c.activation, c.rulesetVersion, c.scoreId, c.reason, c.announced);
        }
    }

    @SuppressWarnings("unchecked")
    public FeedPage since(String cursor, int limit) {
        long tx = 0;
        long id = 0;
        if (cursor != null && !cursor.isBlank()) {
            Matcher m = CURSOR.matcher(cursor.trim());
            try {
                tx = m.matches() ? Long.parseLong(m.group(1)) : -1;
                id = m.matches() ? Long.parseLong(m.group(2)) : -1;
            } catch (NumberFormatException beyondALong) {
                tx = -1;
            }
            // the feed issues "0-0" (nothing yet) and the cursors of announced changes, nothing else
            if (tx < 0 || id < 0 || (tx != 0 || id != 0) && !issued(tx, id)) {
                throw ProblemException.invalidField("since", "not a cursor of this feed; pass the nextCursor of a previous answer, or nothing to start from the beginning");
            }
        }
        // a key restricted to one source sees the changes of that source's leads only
        Optional<String> source = access.restrictedSource();
        List<Object[]> rows = em.createNativeQuery("""
                select tx, id, cast(payload as text) from stage_change
                where announced and (tx, id) > (?1, ?2)
                  and tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                  and (cast(?4 as text) is null or lead_id in (select l.id from lead l where l.owner = ?4))
                order by tx, id limit ?3""")
                .setParameter(1, tx).setParameter(2, id).setParameter(3, limit).setParameter(4, source.orElse(null))
                .getResultList();
        List<Map<String, Object>> items = new ArrayList<>();
        String next = tx + "-" + id;
        for (Object[] r : rows) {
            next = ((Number) r[0]).longValue() + "-" + ((Number) r[1]).longValue();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("cursor", next);
            try {
                item.putAll(json.readValue((String) r[2], MAP));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stage change " + r[1] + " has an unreadable payload", e);
            }
            items.add(item);
        }
        return new FeedPage(items, next);
    }

    private boolean issued(long tx, long id) {
        return !em.createNativeQuery("select 1 from stage_change where tx = ?1 and id = ?2 and announced")
                .setParameter(1, tx).setParameter(2, id).getResultList().isEmpty();
    }

    public List<View> ofLead(String leadId) {
        if (LeadRecord.findById(leadId) == null) {
            throw LeadIds.unknown(leadId);
        }
        return StageChange.<StageChange>find("leadId", Sort.ascending("id"), leadId).list().stream().map(View::of).toList();
    }
}
