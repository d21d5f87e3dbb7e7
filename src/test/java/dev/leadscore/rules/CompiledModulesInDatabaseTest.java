package dev.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service keeps the modules it compiles in PostgreSQL and a restart loads them; a row changed
 * in the database (its digest updated with it, or not) is refused, compiled again and replaced.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class CompiledModulesInDatabaseTest {
    @Inject
    DataSource dataSource;
    @Inject
    RulesetBuilder builder;
    @Inject
    RulesetRegistry registry;

    record Row(byte[] module, String sha256, Instant createdAt) {
    }

    @Test
    void eachModelsModuleIsKeptAndARestartLoadsItWithoutCompiling() throws Exception {
        for (String model : new String[] {"sales-led", "product-led"}) {
            restartAndBuild(model);
            Row row = row(RulesetBuilder.hash(registry.require(model).compiledDrl()));
            assertThat(row).as(model + " kept").isNotNull();
            assertThat(row.sha256()).isEqualTo(KeptModules.sha256(row.module()));
        }
        String key = RulesetBuilder.hash(registry.require("sales-led").compiledDrl());
        Row before = row(key);

        Ruleset loaded = restartAndBuild("sales-led");

        assertThat(row(key)).as("loaded, not compiled and kept again").usingRecursiveComparison().isEqualTo(before);
        assertThat(RulesetBuilder.hash(loaded.compiledDrl())).isEqualTo(key);
    }

    @Test
    void aRowChangedWithItsDigestIsRefusedByItsClassesAndReplaced() throws Exception {
        restartAndBuild("sales-led");
        String key = RulesetBuilder.hash(registry.require("sales-led").compiledDrl());
        Row good = row(key);
        byte[] tampered = KeptModuleTest.rewrite(good.module(), entries -> {
            String name = entries.keySet().stream().filter(n -> n.contains("LambdaConsequence")).findFirst().orElseThrow();
            entries.put(name, KeptModuleTest.withExit(entries.get(name)));
            return entries;
        });
        update(key, tampered, KeptModules.sha256(tampered));

        restartAndBuild("sales-led");

        Row replaced = row(key);
        assertThat(replaced.module()).isNotEqualTo(tampered);
        assertThat(replaced.sha256()).isEqualTo(KeptModules.sha256(replaced.module()));
        assertThat(StoredModule.refusals(new CompiledModules.Kept(replaced.module(), fingerprint(key)),
                KeptModuleTest.version(new CompiledModules.Kept(replaced.module(), null)),
                registry.require("sales-led").compiledDrl().values(), Thread.currentThread().getContextClassLoader()))
                .isEmpty();
    }

    @Test
    void aRowWhoseBytesDoNotMatchTheirDigestIsNotUsed() throws Exception {
        restartAndBuild("product-led");
        String key = RulesetBuilder.hash(registry.require("product-led").compiledDrl());
        Row good = row(key);
        byte[] changed = good.module().clone();
        changed[changed.length / 2] ^= 1;
        update(key, changed, good.sha256());

        restartAndBuild("product-led");

        Row replaced = row(key);
        assertThat(replaced.module()).isNotEqualTo(changed);
        assertThat(replaced.sha256()).isEqualTo(KeptModules.sha256(replaced.module()));
    }

    private Ruleset restartAndBuild(String model) throws RulesetBuildException {
        RulesetBuilder.forgetCompiledInMemory();
        return builder.build(model, RuleFiles.read(Path.of("rules", model)));
    }

    private Row row(String key) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select module, module_sha256, created_at from compiled_module where drl_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new Row(r.getBytes(1), r.getString(2), r.getTimestamp(3).toInstant()) : null;
            }
        }
    }

    private String fingerprint(String key) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select product_fingerprint from compiled_module where drl_key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void update(String key, byte[] module, String sha256) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update compiled_module set module = ?, module_sha256 = ? where drl_key = ?")) {
            s.setBytes(1, module);
            s.setString(2, sha256);
            s.setString(3, key);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
