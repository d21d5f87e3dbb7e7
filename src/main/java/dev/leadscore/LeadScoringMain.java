package dev.leadscore;

import dev.leadscore.db.EmbeddedDatabase;
import dev.leadscore.security.KeysCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. Without a configured datasource URL it first starts the embedded
 * PostgreSQL default (data kept under {@code ./data}), so a fresh machine needs nothing installed.
 */
@QuarkusMain
public final class LeadScoringMain {

    private LeadScoringMain() {
    }

    public static void main(String... args) {
        if (KeysCommand.handles(args)) {
            KeysCommand.launch(args);
            return;
        }
        EmbeddedDatabase.startUnlessConfigured();
        Quarkus.run(args);
    }
}
