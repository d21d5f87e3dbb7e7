package dev.leadscore.scoring;

import java.time.Instant;
import java.util.Optional;

/** Progress of re-scoring a model's stored leads under a version that went live, as the API shows it. */
public record RescoreProgress(long id, String model, String version, String status, int leadsTotal, int leadsDone,
        int scoresChanged, int stageChanges, Instant startedAt, Instant finishedAt, String error) {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String FAILED = "FAILED";

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** Reads the latest re-scoring of each model (kept by the layer that re-scores). */
    public interface Source {
        Optional<RescoreProgress> latest(String model);
    }
}
