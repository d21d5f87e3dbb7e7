package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leadscore.leads.RescoreJobRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The time-driven re-scoring job: crash and resume, two runners, only due leads, status and metrics. */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class RescoreJobTest extends LifecycleFixture {

    @AfterEach
    void noMoreCrashes() {
        job.beforeEachLead(id -> { });
    }

    /** {@code n} MQL leads whose webinar decays below the MQL minimum 30 days after {@code base}. */
    List<String> mqlLeads(String prefix, int n, Instant base) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i + "-" + newId("");
            putVp(id, null);
            assertThat(webinar(id, base).getString("stage")).isEqualTo("MQL");
            ids.add(id);
        }
        return ids;
    }

    /** What the job left for a lead, with times relative to {@code base}, so two runs can be compared. */
    static List<String> outcomeOf(String leadId, Instant base) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> c : stageChangesOf(leadId)) {
            out.add("change " + c.get("from") + ">" + c.get("to") + " announced=" + c.get("announced") + " total="
                    + c.get("total") + " at+" + Duration.between(base, Instant.parse((String) c.get("at"))));
        }
        for (Map<String, Object> s : scoreHistoryOf(leadId)) {
            out.add("score " + s.get("total") + "/" + s.get("engagement") + " " + s.get("stage") + " asOf+"
                    + Duration.between(base, Instant.parse((String) s.get("asOf"))));
        }
        out.add("webhooks " + QuarkusTransaction.requiringNew().call(() -> dev.leadscore.notify.OutboxMessage
                .count("stageChangeId in (select c.id from StageChange c where c.leadId = ?1)", leadId)));
        return out;
    }

    @Test
    void aRunKilledMidwayThenRunAgainLeavesWhatOneCleanRunLeaves() {
        // a clean run over five leads
        Instant cleanBase = freshEpoch();
        drainJob();
        List<String> clean = mqlLeads("clean", 5, cleanBase);
        clock.advance(Duration.ofDays(31));
        drainJob();
        List<List<String>> cleanOutcome = clean.stream().map(id -> outcomeOf(id, cleanBase)).toList();

        // the same five leads, but the run dies in its second batch (batches of 3)
        Instant crashBase = freshEpoch();
        drainJob();
        List<String> crashed = mqlLeads("crash", 5, crashBase);
        clock.advance(Duration.ofDays(31));
        AtomicInteger seen = new AtomicInteger();
        job.beforeEachLead(id -> {
            if (seen.incrementAndGet() == 5) {
                throw new IllegalStateException("killed in the middle of a batch");
            }
        });
        assertThatThrownBy(() -> job.run("runner-that-dies")).hasMessageContaining("killed");
        job.beforeEachLead(id -> { });
        long dropped = crashed.stream().filter(id -> stageChangesOf(id).size() == 2).count();
        assertThat(dropped).as("the first batch was committed, the one in flight rolled back").isEqualTo(3);
        given().get("/api/jobs/rescore").then().body("lastRun.status", equalTo("FAILED"))
                .body("lastRun.batches", equalTo(1)).body("backlog.due", equalTo(2));

        drainJob();
        for (int i = 0; i < 5; i++) {
            assertThat(outcomeOf(crashed.get(i), crashBase)).isEqualTo(cleanOutcome.get(i));
        }
        assertThat(cleanOutcome.get(0)).filteredOn(s -> s.startsWith("change")).hasSize(2);

        // and once more: nothing left to do
        RescoreJob.RunResult again = job.run("test-runner");
        assertThat(again.visited()).isZero();
        assertThat(outcomeOf(crashed.get(4), crashBase)).isEqualTo(cleanOutcome.get(4));
    }

    @Test
    void twoRunnersAtOnceProcessEachLeadOnce() throws Exception {
        Instant base = freshEpoch();
        drainJob();
        List<String> ids = mqlLeads("pair", 6, base);
        clock.advance(Duration.ofDays(31));
        CountDownLatch inFirstBatch = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);
        job.beforeEachLead(id -> {
            inFirstBatch.countDown();
            try {
                secondTried.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<RescoreJob.RunResult> first = pool.submit(() -> job.run("runner-a"));
            if (!inFirstBatch.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("the first runner never reached a lead: " + first.get());
            }
            Future<RescoreJob.RunResult> second = pool.submit(() -> {
                try {
                    return job.run("runner-b");
                } finally {
                    secondTried.countDown();
                }
            });
            RescoreJob.RunResult b = second.get();
            RescoreJob.RunResult a = first.get();
            assertThat(b.status()).as("the second runner finds the lease taken").isEqualTo("SKIPPED");
            assertThat(a.status()).isEqualTo("DONE");
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE");
            // profile, webinar, decay
            assertThat(scoreHistoryOf(id)).hasSize(3);
        }
    }

    @Test
    void twoRunnersWithoutTheLeaseStillDoNotProcessALeadTwice() throws Exception {
        Instant base = freshEpoch();
        drainJob();
        List<String> ids = mqlLeads("nolease", 4, base);
        clock.advance(Duration.ofDays(31));
        // both runners hold "the lease" (as when one's expired while it still worked): row locks decide
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<RescoreJob.RunResult>> runs = new ArrayList<>();
            for (String runner : List.of("test-runner", "test-runner")) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return job.run(runner);
                }));
            }
            start.countDown();
            for (Future<RescoreJob.RunResult> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        drainJob();
        for (String id : ids) {
            assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "NONE");
            // profile, webinar, decay
            assertThat(scoreHistoryOf(id)).hasSize(3);
        }
    }

    @Test
    void leadsWhoseNextChangeIsFarAwayAreNotVisited() {
        Instant base = freshEpoch();
        drainJob();
        List<String> ids = mqlLeads("far", 2, base);
        drainJob();
        // planned: the webinar decays 30 days after it happened
        Instant next = QuarkusTransaction.requiringNew().call(() -> LeadLifecycle.<LeadLifecycle>findById(ids.get(0)).nextRescoreAt);
        assertThat(next).isEqualTo(base.plus(Duration.ofDays(30)));
        clock.advance(Duration.ofDays(10));
        assertThat(job.run("test-runner").visited()).isZero();
        clock.set(base.plus(Duration.ofDays(30)));
        assertThat(job.run("test-runner").visited()).isEqualTo(2);
        given().get("/api/jobs/rescore").then().statusCode(200)
                .body("lastRun.visited", equalTo(2)).body("lastRun.rescored", equalTo(2))
                .body("lastRun.stageChanges", equalTo(2)).body("backlog.lagSeconds", equalTo(0));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("leadscore_rescore_visited_total"))
                .body(org.hamcrest.Matchers.containsString("leadscore_rescore_lag_seconds"));
    }

    @Test
    void theStatusShowsHowLateTheOldestDueLeadIs() {
        Instant base = freshEpoch();
        drainJob();
        mqlLeads("lag", 1, base);
        drainJob();
        clock.set(base.plus(Duration.ofDays(30)).plusSeconds(90));
        given().get("/api/jobs/rescore").then().statusCode(200)
                .body("backlog.due", greaterThanOrEqualTo(1)).body("backlog.lagSeconds", greaterThanOrEqualTo(90));
        drainJob();
    }

    /** A pass over every lead of a model, as a re-score of all leads or after a publish records it while it runs. */
    static long runningPass(String model) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobRecord j = new RescoreJobRecord();
            j.kind = RescoreJobRecord.BULK;
            j.model = model;
            j.status = RescoreJobRecord.RUNNING;
            j.startedAt = Instant.now();
            j.updatedAt = j.startedAt;
            j.persist();
            j.flush();
            RescoreJobRecord.getEntityManager().createNativeQuery(
                    "update rescore_job set lease_until = clock_timestamp() + interval '10 minutes' where id = ?1")
                    .setParameter(1, j.id).executeUpdate();
            return j.id;
        });
    }

    /** Sets {@code assignment} (SQL, e.g. {@code status = 'DONE'}) on the pass's row. */
    static void endPass(long id, String assignment) {
        QuarkusTransaction.requiringNew().run(() -> RescoreJobRecord.getEntityManager()
                .createNativeQuery("update rescore_job set " + assignment + " where id = ?1").setParameter(1, id)
                .executeUpdate());
    }

    @Test
    void standsAsideWhileAPassOverEveryLeadOfTheirModelHoldsItsLease() {
        Instant base = freshEpoch();
        drainJob();
        List<String> ids = mqlLeads("aside", 2, base);
        drainJob();
        clock.advance(Duration.ofDays(31));
        long other = runningPass("product-led");
        long salesLed = runningPass("sales-led");
        long every = -1;
        try {
            job.run("test-runner");
            assertThat(ids).as("a pass over every sales-led lead runs: their decay waits for it")
                    .allSatisfy(id -> assertThat(stageChangesOf(id)).hasSize(1));
            endPass(salesLed, "status = 'DONE'");
            every = runningPass(null);
            job.run("test-runner");
            assertThat(ids).as("a pass over every model runs").allSatisfy(id -> assertThat(stageChangesOf(id)).hasSize(1));
            // the pass stopped renewing its lease (its instance died): the job no longer waits for it
            endPass(every, "lease_until = clock_timestamp() - interval '1 second'");
            drainJob();
            assertThat(ids).as("a pass over another model's leads does not hold these back")
                    .allSatisfy(id -> assertThat(stageChangesOf(id)).hasSize(2));
        } finally {
            endPass(other, "status = 'DONE'");
            endPass(salesLed, "status = 'DONE'");
            if (every > 0) {
                endPass(every, "status = 'DONE'");
            }
        }
    }

    @Test
    void aReScoreOfAllLeadsHoldsItsLeaseWhileItRuns() {
        given().post("/api/rescore?model=sales-led").then().statusCode(200);
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) RescoreJobRecord
                .getEntityManager().createNativeQuery("select status, lease_until from rescore_job where kind = 'bulk' "
                        + "order by id desc limit 1").getSingleResult());
        assertThat(row[0]).isEqualTo("DONE");
        assertThat(row[1]).as("renewed with each page").isNotNull();
    }
}
