package dev.leadscore.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Run in its own JVM by {@link CrashRestartTest}: starts the embedded database the way the
 * service does, stores a row, says READY, then waits to be killed without a chance to stop it.
 */
public final class CrashedService {
    private CrashedService() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists survivor (name text primary key)");
            statement.execute("insert into survivor values ('" + args[2] + "') on conflict do nothing");
            // an open connection, as the service's pool would hold at the moment of the crash
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
