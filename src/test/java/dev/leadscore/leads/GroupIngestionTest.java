package dev.leadscore.leads;

import static dev.leadscore.leads.LeadResourceTest.VP_PROFILE;
import static dev.leadscore.leads.LeadResourceTest.newLeadId;
import static dev.leadscore.leads.LeadResourceTest.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests written together in one transaction (group commit of event ingestion): each keeps its
 * own counts, the events of one lead are scored once for the group, and an item the database
 * refuses fails alone. A group is formed on purpose here: a first item holds the only writer
 * while the others queue.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class GroupIngestionTest {
    static final Instant AT = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    EventIngestion ingestion;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        assertThat(callers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    static EventInput event(String id, String type) {
        return new EventInput(id, type, AT, Map.of());
    }

    static EventIngestion.Item item(String lead, EventInput... events) {
        return new EventIngestion.Item(lead, List.of(events), Optional.empty());
    }

    /** One writer; the group holding {@code hold} waits for {@code release} before it is written. */
    GroupCommit<EventIngestion.Item, EventIngestion.Outcome> groups(EventIngestion.Item hold, CountDownLatch holding,
            CountDownLatch release) {
        return new GroupCommit<>(16, 1, items -> {
            if (items.contains(hold)) {
                holding.countDown();
                try {
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return QuarkusTransaction.requiringNew().call(() -> ingestion.apply(items));
        });
    }

    /** Submits the items one after the other while the writer is held, so they form one group in this order. */
    List<Future<EventIngestion.Ingested>> queueBehindHeldWriter(List<EventIngestion.Item> items, String holdLead)
            throws Exception {
        EventIngestion.Item hold = item(holdLead, event("hold", "email_open"));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<EventIngestion.Item, EventIngestion.Outcome> groups = groups(hold, holding, release);
        Future<EventIngestion.Ingested> first = callers.submit(() -> groups.submit(hold).get());
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<EventIngestion.Ingested>> out = new ArrayList<>();
        for (EventIngestion.Item i : items) {
            int before = groups.queued();
            out.add(callers.submit(() -> groups.submit(i).get()));
            GroupCommitTest.until(() -> groups.queued() == before + 1);
        }
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        return out;
    }

    @Test
    void requestsForOneLeadWrittenTogetherKeepTheirOwnCountsAndGetTheScoreWithAllTheirEvents() throws Exception {
        String lead = newLeadId();
        String other = newLeadId();
        put(lead, VP_PROFILE);
        put(other, VP_PROFILE);
        List<Future<EventIngestion.Ingested>> answers = queueBehindHeldWriter(List.of(
                item(lead, event("e1", "webinar_attended"), event("e2", "email_click")),
                item(other, event("e1", "webinar_attended")),
                item(lead, event("e2", "email_click"), event("e3", "content_download")),
                item(lead, event("e1", "webinar_attended")),
                item(lead, event("e4", "email_open"), event("e4", "email_open"))), other);

        List<EventIngestion.Ingested> done = new ArrayList<>();
        for (Future<EventIngestion.Ingested> f : answers) {
            done.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(done).extracting(EventIngestion.Ingested::accepted).containsExactly(2, 1, 1, 0, 1);
        assertThat(done).extracting(EventIngestion.Ingested::duplicates).containsExactly(0, 0, 1, 1, 1);
        // every request of the lead is answered with the score stored by the commit that holds its events
        ScoreView stored = TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/score", lead).then().statusCode(200)
                .extract().as(ScoreView.class);
        for (int i : List.of(0, 2, 3, 4)) {
            assertThat(done.get(i).score().total()).isEqualTo(stored.total());
            assertThat(done.get(i).score().adjustments()).hasSameSizeAs(stored.adjustments());
        }
        assertThat(storedEvents(lead)).isEqualTo(4);
        // one re-score for the four events of the lead in the group, after the profile's
        List<Map<String, Object>> history = TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/history", lead)
                .then().statusCode(200).extract().path("items");
        assertThat(history).hasSize(2);
        assertThat(storedEvents(other)).isEqualTo(2);
    }

    @Test
    void anItemTheDatabaseRefusesFailsAloneAndTheOthersOfItsGroupAreStored() throws Exception {
        String a = newLeadId();
        String bad = newLeadId();
        String b = newLeadId();
        put(a, VP_PROFILE);
        put(b, VP_PROFILE);
        // PostgreSQL cannot store a NUL character in JSON text: the request check refuses it, written here without it
        EventInput refused = new EventInput("x1", "page_view", AT, Map.of("path", "/pricing\u0000"));
        List<Future<EventIngestion.Ingested>> answers = queueBehindHeldWriter(List.of(
                item(a, event("a1", "webinar_attended")),
                item(bad, refused),
                item(b, event("b1", "email_click")),
                item(a, event("a2", "email_open"))), b);

        assertThat(answers.get(0).get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        assertThatThrownBy(() -> answers.get(1).get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(answers.get(2).get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        assertThat(answers.get(3).get(30, TimeUnit.SECONDS).accepted()).isEqualTo(1);
        assertThat(storedEvents(a)).isEqualTo(2);
        assertThat(storedEvents(b)).isEqualTo(2);
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}", bad).then().statusCode(404);
    }

    static int storedEvents(String lead) {
        return TestKeys.as(Roles.INTEGRATION).queryParam("size", 1).get("/api/leads/{id}/events", lead)
                .then().statusCode(200).extract().path("total");
    }
}
