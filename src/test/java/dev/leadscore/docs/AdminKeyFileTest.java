package dev.leadscore.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command keeps the admin key in `.admin-key`, readable by its owner only, and keeps it when run again. */
class AdminKeyFileTest {

    @TempDir
    Path folder;

    @Test
    void theReadmeKeepsOneOwnerOnlyAdminKeyAcrossRuns() throws Exception {
        DocBlocks.Block start = DocBlocks.of(DocBlocks.projectDir()).blocks().stream()
                .filter(b -> b.file().toString().equals("README.md") && b.text().contains("> .admin-key"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md has no command writing .admin-key"));
        // the line that writes the key, without the one that starts the service
        String writeKey = start.text().lines().filter(l -> l.contains(".admin-key") && !l.contains("mvnw"))
                .reduce((a, b) -> a + "\n" + b).orElseThrow();

        run(writeKey);
        Path keyFile = folder.resolve(".admin-key");
        String first = Files.readString(keyFile).strip();
        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        run(writeKey);
        assertThat(Files.readString(keyFile).strip()).as("running the command again keeps the key").isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    private void run(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", "umask 022\n" + script)
                .directory(folder.toFile()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
    }
}
