package dev.leadscore;

import dev.leadscore.backtest.BacktestCommand;
import dev.leadscore.db.EmbeddedDatabase;
import dev.leadscore.security.KeysCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the service. Without a configured datasource URL it first starts the embedded
 * PostgreSQL default (data kept under {@code ./data}), so a fresh machine needs nothing installed.
 * {@code backtest ...} as first argument runs the backtest command instead (see {@link BacktestCommand}).
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
        if (args.length > 0 && "backtest".equals(args[0])) {
            // a one-off command: no HTTP server, no database
            System.exit(BacktestCommand.run(args));
        }
        EmbeddedDatabase.startUnlessConfigured();
        Quarkus.run(args);
    }
}
