package dev.leadscore.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The {@code idempotency_record} table: one row per (scope, Idempotency-Key) holding the hash of
 * the first request and, once it has finished, its response. Each call is its own short
 * transaction, so the claim is visible to concurrent requests before the work starts.
 */
@ApplicationScoped
public class IdempotencyStore {
    /** A claim left unfinished this long (the instance died mid-request) may be taken over by a retry. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    public sealed interface Claim {
    }

    /** The caller owns the key and does the work. */
    public record Granted() implements Claim {
    }

    /** The key was used with another body. */
    public record Mismatch() implements Claim {
    }

    /** The first request with this key is still running. */
    public record InFlight() implements Claim {
    }

    /** The first request finished: answer with its response. */
    public record Done(int status, String contentType, String body) implements Claim {
    }

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(String scope, String key, String requestHash) {
        int inserted = em.createNativeQuery("insert into idempotency_record (scope, idempotency_key, request_hash, created_at) "
                + "values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, requestHash).setParameter(4, clock.instant())
                .executeUpdate();
        if (inserted == 1) {
            return new Granted();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select request_hash, status, content_type, body, created_at < ?3 "
                + "from idempotency_record where scope = ?1 and idempotency_key = ?2 for update")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, clock.instant().minus(ABANDONED_AFTER))
                .getResultList();
        if (rows.isEmpty()) {
            return new InFlight(); // released between our insert and select: the client's retry will claim it
        }
        Object[] row = rows.get(0);
        if (!requestHash.equals(row[0])) {
            return new Mismatch();
        }
        if (row[1] == null) {
            if (Boolean.TRUE.equals(row[4])) {
                em.createNativeQuery("update idempotency_record set created_at = ?3 where scope = ?1 and idempotency_key = ?2")
                        .setParameter(1, scope).setParameter(2, key).setParameter(3, clock.instant()).executeUpdate();
                return new Granted();
            }
            return new InFlight();
        }
        return new Done(((Number) row[1]).intValue(), (String) row[2], (String) row[3]);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(String scope, String key, int status, String contentType, String body) {
        em.createNativeQuery("update idempotency_record set status = ?3, content_type = ?4, body = ?5, completed_at = ?6 "
                + "where scope = ?1 and idempotency_key = ?2")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, status).setParameter(4, contentType)
                .setParameter(5, body).setParameter(6, clock.instant()).executeUpdate();
    }

    /**
     * Deletes up to {@code limit} kept answers (and abandoned claims) created before
     * {@code before}; returns how many went. Bounded, so each call is a short transaction that
     * holds no lock for long; call again while it returns {@code limit}.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeCreatedBefore(java.time.Instant before, int limit) {
        return em.createNativeQuery("delete from idempotency_record where ctid in (select ctid from idempotency_record "
                + "where created_at < ?1 limit ?2)")
                .setParameter(1, before).setParameter(2, limit).executeUpdate();
    }

    /** Forgets a claim whose request failed on the server, so a retry runs it again. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String scope, String key) {
        em.createNativeQuery("delete from idempotency_record where scope = ?1 and idempotency_key = ?2 and status is null")
                .setParameter(1, scope).setParameter(2, key).executeUpdate();
    }
}
