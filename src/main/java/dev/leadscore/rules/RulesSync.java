package dev.leadscore.rules;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Keeps this instance serving the version PostgreSQL says is live, so a publish, rollback, model
 * creation or retirement made on one instance reaches every instance without a shared folder.
 * Instances hear of a change by LISTEN/NOTIFY on {@value #CHANNEL}, and also look every
 * {@code leadscore.rules.sync-interval} (notifications sent while a connection was down are lost).
 */
@ApplicationScoped
public class RulesSync {
    static final String CHANNEL = "leadscore_rules";
    private static final Logger LOG = Logger.getLogger(RulesSync.class);

    @Inject
    DataSource dataSource;
    @Inject
    RulesetVersions versions;
    @Inject
    RulesConfig config;

    private volatile boolean running;
    private Thread thread;

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "rules-sync");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    versions.syncFromDatabase(); // after (re)connecting, on a notification, and every interval
                    pg.getNotifications((int) config.syncInterval().toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.debugf(e, "Listening for rule changes failed; trying again in %s", config.syncInterval());
                    sleep();
                }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(config.syncInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
