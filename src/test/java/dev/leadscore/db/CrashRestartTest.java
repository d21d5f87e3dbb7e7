package dev.leadscore.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * {@code kill -9} of the service (or the OOM killer) leaves its embedded PostgreSQL running; the
 * next start must come up on the same data by itself, and must never stop a server a live service uses.
 */
class CrashRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartAfterKillMinus9ComesUpOnTheSameData() throws Exception {
        Process service = startServiceJvm("before-the-crash");
        try {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Optional<ProcessHandle> orphan = OrphanPostmaster.postmasterOf(dataDir, dataDir.resolve("postmaster.pid"));
            assertThat(orphan).as("the killed service leaves its PostgreSQL running").isPresent();

            try (EmbeddedPostgres restarted = EmbeddedDatabase.start(dataDir, freePort())) {
                assertThat(orphan.get().isAlive()).as("the orphan is stopped").isFalse();
                assertThat(survivors(restarted)).containsExactly("before-the-crash");
            }
        } finally {
            service.destroyForcibly();
        }
    }

    @Test
    void aServerInUseByALiveServiceIsNeverStopped() throws Exception {
        try (EmbeddedPostgres running = EmbeddedDatabase.start(dataDir, freePort())) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, freePort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running service");
            try (Connection connection = running.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    private Process startServiceJvm(String row) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashedService.class.getName(), dataDir.toString(), String.valueOf(freePort()), row)
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals("READY")) {
                return process;
            }
            seen.add(line);
        }
        throw new AssertionError("the service JVM ended before its database was ready: " + String.join("\n", seen));
    }

    private static List<String> survivors(EmbeddedPostgres postgres) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select name from survivor")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
