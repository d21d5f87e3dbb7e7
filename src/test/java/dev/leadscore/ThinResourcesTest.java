package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Resources stay thin: they parse the request, call a service and shape the answer. Transactions
 * and entity changes live in the services, where every caller (HTTP, jobs, commands) gets them.
 */
class ThinResourcesTest {
    private static final Pattern PERSISTENCE = Pattern.compile(
            "@Transactional|QuarkusTransaction|EntityManager|\\.persist\\(|\\.update\\(\"|\\.delete\\(\"|\\.findById\\(");

    @Test
    void noResourceOpensATransactionOrTouchesEntities() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Resource.java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (PERSISTENCE.matcher(lines.get(i)).find()) {
                        found.add(sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("transactions or entity access in resources").isEmpty();
    }
}
