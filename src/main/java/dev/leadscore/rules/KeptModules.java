package dev.leadscore.rules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Compiled modules kept in PostgreSQL ({@code compiled_module}), each with the SHA-256 of its
 * bytes. A row whose bytes do not match their digest is not returned. Keeping is a help, never a
 * condition: when the database cannot keep or return a module, the rules are compiled. The newest
 * {@value #KEPT_AT_MOST} modules are kept (drafts with changed DRL add modules too).
 * {@code leadscore.rules.keep-compiled=false} turns it off.
 */
@ApplicationScoped
public class KeptModules implements CompiledModules {
    private static final Logger LOG = Logger.getLogger(KeptModules.class);
    /** The most modules kept: the newest; one dropped is compiled again when it is next needed. */
    static final int KEPT_AT_MOST = 64;

    @Inject
    DataSource dataSource;
    @Inject
    Clock clock;
    @Inject
    RulesConfig config;

    @Override
    public Optional<Kept> find(String key) {
        if (!config.keepCompiled()) {
            return Optional.empty();
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                        "select module, module_sha256, product_fingerprint from compiled_module where drl_key = ?")) {
                    s.setString(1, key);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            return Optional.<Kept>empty();
                        }
                        byte[] module = r.getBytes(1);
                        if (!sha256(module).equals(r.getString(2))) {
                            LOG.warnf("The compiled module kept for %s does not match its digest; compiling again", key);
                            return Optional.<Kept>empty();
                        }
                        return Optional.of(new Kept(module, r.getString(3)));
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Compiled modules cannot be read (%s); compiling", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void keep(String key, Kept module) {
        if (!config.keepCompiled()) {
            return;
        }
        write("insert into compiled_module (drl_key, module, module_sha256, product_fingerprint, created_at) "
                + "values (?, ?, ?, ?, ?) on conflict (drl_key) do update set module = excluded.module, "
                + "module_sha256 = excluded.module_sha256, product_fingerprint = excluded.product_fingerprint, "
                + "created_at = excluded.created_at", s -> {
                    s.setString(1, key);
                    s.setBytes(2, module.module());
                    s.setString(3, sha256(module.module()));
                    s.setString(4, module.productFingerprint());
                    s.setTimestamp(5, Timestamp.from(clock.instant()));
                });
        write("delete from compiled_module where drl_key not in "
                + "(select drl_key from compiled_module order by created_at desc, drl_key limit ?)",
                s -> s.setInt(1, KEPT_AT_MOST));
    }

    @Override
    public void forget(String key) {
        write("delete from compiled_module where drl_key = ?", s -> s.setString(1, key));
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void write(String sql, Binder binder) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                    binder.bind(s);
                    s.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("A compiled module could not be kept (%s); the next start compiles it", e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
