package dev.leadscore.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Every {@code ```bash} block with a curl command in README.md and docs/*.md runs as written
 * against the service, in reading order after the README's walk-through: each command exits 0
 * and no HTTP answer is an error. The blocks run in a folder holding the {@code .admin-key} the
 * README's start command writes, the service's {@code rules/} folder (a copy of the project's:
 * creating a model or publishing writes to it) and the project's {@code docs/}; only the port differs ({@code localhost:8080} becomes the test's port). Variables a block sets (keys,
 * ids) are there for the blocks after it. A block right after {@code <!-- not-run: reason -->}
 * is skipped; blocks without curl (starting the service, the build, benchmarks) are not run here.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class DocsCommandsTest {
    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=");
    /** Every curl of the documentation fails on an HTTP error, so that a 4xx or 5xx answer fails its block. */
    private static final String PRELUDE = """
            set -eo pipefail
            curl() { command curl --fail-with-body --silent --show-error "$@"; }
            [ -f .vars ] && source .vars
            """;

    @TempDir
    Path folder;

    @Test
    void everyCurlCommandOfTheDocumentationRuns() throws Exception {
        Path project = DocBlocks.projectDir();
        Files.writeString(folder.resolve(".admin-key"), EmbeddedPostgresResource.ADMIN_KEY + "\n");
        Files.createSymbolicLink(folder.resolve("rules"),
                Path.of(ConfigProvider.getConfig().getValue("leadscore.rules.dir", String.class)).toAbsolutePath());
        Files.createSymbolicLink(folder.resolve("docs"), project.resolve("docs"));

        List<String> failures = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        int ran = 0;
        for (DocBlocks.Block block : DocBlocks.of(project).blocks()) {
            if (!block.text().contains("curl") || !block.runs()) {
                continue;
            }
            Matcher assigned = ASSIGNMENT.matcher(block.text());
            while (assigned.find()) {
                variables.add(assigned.group(1));
            }
            String script = PRELUDE + block.text().replace("localhost:8080", "localhost:" + RestAssured.port)
                    + "\n" + (variables.isEmpty() ? "" : "declare -p " + String.join(" ", variables) + " > .vars 2>/dev/null || true\n");
            ran++;
            String failure = run(script);
            if (failure != null) {
                failures.add(block + "\n" + block.text() + "\n--> " + failure);
            }
        }
        assertThat(ran).as("curl blocks run").isGreaterThan(10);
        assertThat(failures).as("documented commands that fail").isEmpty();
    }

    /** Null when the script succeeded, else what it printed. */
    private String run(String script) throws IOException, InterruptedException {
        Path file = Files.writeString(folder.resolve("block.sh"), script);
        Process bash = new ProcessBuilder("bash", file.toString()).directory(folder.toFile()).redirectErrorStream(true).start();
        byte[] output = bash.getInputStream().readAllBytes();
        if (!bash.waitFor(60, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
            return "timed out";
        }
        String text = new String(output, StandardCharsets.UTF_8);
        return bash.exitValue() == 0 ? null : "exit " + bash.exitValue() + ": " + (text.length() > 2000 ? text.substring(0, 2000) : text);
    }
}
