package dev.leadscore.backtest;

import java.nio.file.Path;

/** A synthetic CRM history for tests outside this package (the console's backtest journey). */
public final class BacktestFixtures {
    private BacktestFixtures() {
    }

    /** Writes leads.csv, events.csv and mapping.yaml of {@code leads} leads into {@code dir}; the same seed, the same files. */
    public static void history(Path dir, long seed, int leads) {
        new SyntheticHistory(dir, seed, leads, true);
    }
}
