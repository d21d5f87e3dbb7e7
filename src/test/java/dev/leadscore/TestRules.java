package dev.leadscore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.leadscore.scoring.RuleFiles;

/**
 * The rules folder the service under test serves: a copy of the repository's rules/ made once per
 * test run, so tests that publish (which writes the folder) never write rules/ itself, and every
 * test of the run sees the same folder whatever the tests before it published.
 */
public final class TestRules {
    /** The copy; {@link EmbeddedPostgresResource} hands it to the application as {@code leadscore.rules.dir}. */
    public static final Path FOLDER = copyOfRules();

    private TestRules() {
    }

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
}
