package dev.leadscore.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;

/**
 * One change of a model's live version at a time, across the threads of this instance and across
 * instances sharing the database: a lock per model in the JVM, then a PostgreSQL session advisory
 * lock keyed by the model, held while the version is written to the folder, recorded and swapped
 * in. Two concurrent publishes of one model run one after the other, so the folder, the database
 * and the live version end up naming the same version.
 */
@ApplicationScoped
public class ModelLocks {
    private final Map<String, ReentrantLock> local = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    public <T> T withLock(String model, Supplier<T> work) {
        ReentrantLock lock = local.computeIfAbsent(model, m -> new ReentrantLock());
        lock.lock();
        try (Connection c = dataSource.getConnection()) {
            advisory(c, "select pg_advisory_lock(?)", model);
            try {
                return work.get();
            } finally {
                advisory(c, "select pg_advisory_unlock(?)", model);
            }
        } catch (SQLException e) {
            throw new ProblemException(new Problem("/problems/database-unavailable", "Database unavailable", 503,
                    "The model cannot be changed while the database is unreachable: " + e.getMessage(), null));
        } finally {
            lock.unlock();
        }
    }

    private static void advisory(Connection c, String sql, String model) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key(model));
            s.execute();
        }
    }

    /** A stable 64-bit key for the model's lock. */
    static long key(String model) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("leadscore.rules:" + model).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = k << 8 | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
