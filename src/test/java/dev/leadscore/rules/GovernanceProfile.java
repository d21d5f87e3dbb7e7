package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tests that publish rules get their own copy of the rules folder (publishing writes to it) and a
 * fast folder watch; the repository's rules/ folder is never written.
 */
public class GovernanceProfile implements QuarkusTestProfile {
    static final Path RULES = copyOfRules();

    private static Path copyOfRules() {
        try {
            Path dir = Files.createTempDirectory("leadscore-rules-");
            for (String model : new String[] {"sales-led", "product-led"}) {
                Files.createDirectories(dir.resolve(model));
                for (Map.Entry<String, byte[]> f : RuleFiles.read(Path.of("rules", model)).files().entrySet()) {
                    Files.write(dir.resolve(model).resolve(f.getKey()), f.getValue());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // a random port: other test runs may share the machine
        return Map.of("leadscore.rules.dir", RULES.toString(), "leadscore.governance.watch-interval", "250ms",
                "quarkus.http.test-port", "0");
    }
}
