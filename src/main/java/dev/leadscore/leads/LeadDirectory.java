package dev.leadscore.leads;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.db.SqlValues;
import dev.leadscore.security.LeadAccess;

/**
 * Reads leads as a CRM or a sync job pulls them: one lead, or a filtered list in score or update
 * order with keyset paging (a page's cursor names the last row it gave, so pages never skip or
 * repeat a lead while others change, and every page costs the same).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LeadDirectory {
    static final Set<String> BANDS = Set.of("HOT", "WARM", "DEVELOPING", "COLD");
    static final Set<String> STAGES = Set.of("NONE", "MQL", "SALES_READY", "PQL", "SQL");
    static final int MAX_LIMIT = 500;

    /** The orders a list can come in; the cursor of one order is refused by another. */
    public enum Order {
        SCORE("-score", "coalesce(s.total, -1)", false),
        SCORE_ASCENDING("score", "coalesce(s.total, -1)", true),
        UPDATED("updatedAt", UPDATED_AT, true),
        UPDATED_DESCENDING("-updatedAt", UPDATED_AT, false);

        final String name;
        final String key;
        final boolean ascending;

        Order(String name, String key, boolean ascending) {
            this.name = name;
            this.key = key;
            this.ascending = ascending;
        }

        static Order of(String name) {
            for (Order o : values()) {
                if (o.name.equals(name)) {
                    return o;
                }
            }
            throw ProblemException.invalidField("sort", "must be one of -score (highest first, the default), score, "
                    + "updatedAt (oldest change first) or -updatedAt");
        }

        boolean byScore() {
            return this == SCORE || this == SCORE_ASCENDING;
        }
    }

    /** What a list asks for; null fields do not filter. */
    public record Filter(String model, String band, String stage, String source, Instant updatedSince) {
    }

    /** One page of leads and the cursor of the next (null on the last page). */
    public record LeadPage(List<LeadView> items, String next) {
    }

    private static final String UPDATED_AT = "greatest(l.updated_at, coalesce(lc.updated_at, l.updated_at))";
    private static final String SELECT = "select l.id, l.model, l.anonymous, l.profile::text, s.fit, s.engagement, s.total, "
            + "s.band, s.stage, coalesce(lc.stage, s.stage), s.activation, s.ruleset_version, s.scored_at, l.mql_at, "
            + "l.pql_at, l.last_activity_at, l.created_at, " + UPDATED_AT + ", coalesce(s.total, -1) "
            + "from lead l left join score_record s on s.id = l.latest_score_id "
            + "left join lead_lifecycle lc on lc.lead_id = l.id ";

    @Inject
    EntityManager em;
    @Inject
    InputCheck inputCheck;
    @Inject
    LeadAccess access;
    @Inject
    ObjectMapper json;

    public LeadView get(String leadId) {
        inputCheck.leadId(leadId);
        java.util.Optional<String> source = access.restrictedSource();
        Query query = em.createNativeQuery(SELECT + "where l.id = ?1" + (source.isPresent() ? " and l.owner = ?2" : ""))
                .setParameter(1, leadId);
        source.ifPresent(s -> query.setParameter(2, s));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            throw LeadIds.unknown(leadId);
        }
        return view(rows.get(0));
    }

    @SuppressWarnings("unchecked")
    public LeadPage list(Filter filter, Order order, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        check(filter);
        StringBuilder where = new StringBuilder("where true");
        List<Object> params = new ArrayList<>();
        if (filter.model() != null) {
            where.append(" and l.model = ?").append(params.size() + 1);
            params.add(filter.model());
        }
        if (filter.band() != null) {
            where.append(" and s.band = ?").append(params.size() + 1);
            params.add(filter.band().toUpperCase(Locale.ROOT));
        }
        if (filter.stage() != null) {
            where.append(" and coalesce(lc.stage, s.stage) = ?").append(params.size() + 1);
            params.add(filter.stage().toUpperCase(Locale.ROOT));
        }
        if (filter.source() != null) {
            where.append(" and l.profile->>'source' = ?").append(params.size() + 1);
            params.add(filter.source());
        }
        if (filter.updatedSince() != null) {
            where.append(" and ").append(UPDATED_AT).append(" >= ?").append(params.size() + 1);
            params.add(filter.updatedSince());
        }
        access.restrictedSource().ifPresent(source -> {
            where.append(" and l.owner = ?").append(params.size() + 1);
            params.add(source);
        });
        if (cursor != null && !cursor.isBlank()) {
            Cursor after = Cursor.read(cursor, order);
            String cmp = order.ascending ? ">" : "<";
            int k = params.size() + 1;
            where.append(" and (").append(order.key).append(' ').append(cmp).append(" ?").append(k)
                    .append(" or (").append(order.key).append(" = ?").append(k)
                    .append(" and l.id ").append(order.byScore() ? ">" : cmp).append(" ?").append(k + 1).append("))");
            params.add(order.byScore() ? (Object) Integer.valueOf(after.value()) : Instant.parse(after.value()));
            params.add(after.id());
        }
        String direction = order.ascending ? " asc" : " desc";
        // ties in score go by id ascending in both directions; update times by id in the sort's direction
        String sql = SELECT + where + " order by " + order.key + direction + ", l.id"
                + (order.byScore() ? " asc" : direction) + " limit " + (limit + 1);
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        List<Object[]> rows = query.getResultList();
        List<LeadView> items = rows.stream().limit(limit).map(this::view).toList();
        String next = null;
        if (rows.size() > limit) {
            LeadView last = items.get(items.size() - 1);
            next = new Cursor(order.name, order.byScore() ? String.valueOf(last.total() == null ? -1 : last.total())
                    : last.updatedAt().toString(), last.id()).write();
        }
        return new LeadPage(items, next);
    }

    private static void check(Filter f) {
        if (f.band() != null && !BANDS.contains(f.band().toUpperCase(Locale.ROOT))) {
            throw ProblemException.invalidField("band", "must be one of " + String.join(", ", BANDS.stream().sorted().toList()));
        }
        if (f.stage() != null && !STAGES.contains(f.stage().toUpperCase(Locale.ROOT))) {
            throw ProblemException.invalidField("stage", "must be one of " + String.join(", ", STAGES.stream().sorted().toList()));
        }
    }

    private LeadView view(Object[] r) {
        LeadProfile profile;
        try {
            profile = r[3] == null ? null : json.readValue((String) r[3], LeadProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile of lead " + r[0] + " is not readable", e);
        }
        boolean anonymous = (Boolean) r[2];
        return new LeadView((String) r[0], (String) r[1], anonymous, profile == null ? null : profile.source(),
                anonymous ? null : profile, (Integer) r[4], (Integer) r[5], (Integer) r[6], (String) r[7], (String) r[8],
                (String) r[9], (String) r[10], (String) r[11], instant(r[12]), instant(r[13]), instant(r[14]),
                instant(r[15]), instant(r[16]), instant(r[17]));
    }

    private static Instant instant(Object o) {
        return SqlValues.instant(o);
    }

    /** Where a page ended: the order, its sort value and the last id; sent base64url-encoded. */
    record Cursor(String order, String value, String id) {
        String write() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((order + "\n" + value + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor read(String text, Order expected) {
            String[] parts;
            try {
                parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
            } catch (IllegalArgumentException e) {
                parts = new String[0];
            }
            if (parts.length != 3) {
                throw ProblemException.invalidField("cursor", "is not a cursor this service gave; "
                        + "send the 'next' value of the previous page unchanged");
            }
            if (!parts[0].equals(expected.name)) {
                throw ProblemException.invalidField("cursor", "was given for sort=" + parts[0]
                        + "; a cursor only continues the order it came from");
            }
            try {
                if (expected.byScore()) {
                    Integer.parseInt(parts[1]);
                } else {
                    Instant.parse(parts[1]);
                }
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("cursor", "is not a cursor this service gave");
            }
            return new Cursor(parts[0], parts[1], parts[2]);
        }
    }
}
