package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Several instances share the backtest table: a job whose instance died (its lease ran out) is
 * marked failed with the reason, while a job another live instance is still running is left alone.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BacktestJobLeaseTest {

    @Inject
    BacktestJobs jobs;

    @Test
    void aJobWhoseInstanceDiedFailsAndOneStillRunningElsewhereIsLeftAlone() {
        long abandoned = runningJob("now() - interval '1 minute'");
        long elsewhere = runningJob("now() + interval '5 minutes'");

        jobs.renewLeases();

        BacktestRecord dead = QuarkusTransaction.requiringNew().call(() -> BacktestRecord.findById(abandoned));
        BacktestRecord alive = QuarkusTransaction.requiringNew().call(() -> BacktestRecord.findById(elsewhere));
        assertThat(dead.status).isEqualTo(BacktestRecord.FAILED);
        assertThat(dead.error).contains("stopped during the run");
        assertThat(alive.status).isEqualTo(BacktestRecord.RUNNING);
        assertThat(alive.error).isNull();
    }

    /** A running job as another instance left it, its lease ending at {@code leaseUntil} (SQL). */
    private static long runningJob(String leaseUntil) {
        return QuarkusTransaction.requiringNew().call(() -> {
            BacktestRecord r = new BacktestRecord();
            r.status = BacktestRecord.RUNNING;
            r.kind = BacktestRecord.BACKTEST;
            r.model = "sales-led";
            r.createdAt = Instant.parse("2026-01-01T00:00:00Z");
            r.leadsFile = "leads.csv";
            r.mappingFile = "mapping.yaml";
            r.persist();
            BacktestRecord.getEntityManager().flush();
            BacktestRecord.getEntityManager()
                    .createNativeQuery("update backtest set lease_until = " + leaseUntil + " where id = ?1")
                    .setParameter(1, r.id).executeUpdate();
            return r.id;
        });
    }
}
