package dev.leadscore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, from binaries on the Maven class path (no Docker). Its
 * data folder and port are fixed for the run, so a test can stop it and start it again
 * ({@link #stopDatabase()}, {@link #startDatabase()}) to see how the service takes an outage.
 * It also gives the application the test admin key ({@link TestKeys}) and the copy of the rules
 * folder it serves ({@link TestRules}), watched every 250 ms so a test sees a file change at once.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    /** The admin key the application under test is configured with (as ADMIN_API_KEY would in production). */
    public static final String ADMIN_KEY = "test-admin-key-5d41402abc4b2a76b9719d911017c592";

    private static EmbeddedPostgres postgres;
    private static Path dataDir;
    private static int port;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("leadscore-test-pg");
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            startDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "leadscore.security.admin-api-key", ADMIN_KEY,
                "leadscore.rules.dir", TestRules.FOLDER.toString(),
                "leadscore.governance.watch-interval", "250ms",
                // the concurrency and load tests send thousands of requests with one key
                "leadscore.security.rate-limit.per-minute", "10000000",
                "leadscore.security.rate-limit.burst", "1000000");
    }

    public static synchronized void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    public static synchronized void stopDatabase() throws IOException {
        postgres.close();
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
            if (dataDir != null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
