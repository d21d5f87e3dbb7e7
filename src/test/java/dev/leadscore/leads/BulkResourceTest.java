package dev.leadscore.leads;

import static dev.leadscore.leads.LeadResourceTest.VP_PROFILE;
import static dev.leadscore.leads.LeadResourceTest.event;
import static dev.leadscore.leads.LeadResourceTest.newLeadId;
import static dev.leadscore.leads.LeadResourceTest.put;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The bulk paths: batch scoring, batch ingestion, re-scoring all stored leads (tests use small chunks). */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class BulkResourceTest {
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    EntityManager em;

    /** Batch scoring and ingestion are for integrations; re-scoring everything is for admins. */
    static RequestSpecification given() {
        return TestKeys.as(Roles.INTEGRATION);
    }

    static RequestSpecification asAdmin() {
        return TestKeys.as(Roles.ADMIN);
    }

    static String demoRequest(String id) {
        return event(id, "form_submit", RECENT, "{\"form\":\"demo_request\"}");
    }

    @Test
    void batchScoringAnswersEachRequestInOrderLikeTheSingleEndpoint() {
        String vpWithDemo = "{\"lead\":" + VP_PROFILE + ",\"events\":[" + demoRequest("e1") + "]}";
        String student = "{\"lead\":{\"email\":\"kim@cs.mit.edu\",\"title\":\"PhD Student\"}}";
        String single = given().contentType(ContentType.JSON).body(vpWithDemo).post("/api/score")
                .then().statusCode(200).extract().path("total").toString();

        given().contentType(ContentType.JSON).body("[" + vpWithDemo + "," + student + "]").post("/api/score/batch")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].total", equalTo(Integer.parseInt(single)))
                .body("[0].adjustments.rule", hasItem("Demo request"))
                .body("[1].fit", equalTo(0))
                .body("[1].adjustments.rule", hasItem("Student"));
    }

    @Test
    void batchScoringNamesTheOffendingItemAndField() {
        given().contentType(ContentType.JSON)
                .body("[{\"lead\":{}}, {\"lead\":{\"email\":\"not an address\"}}, {\"events\":[]}]")
                .post("/api/score/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[1].lead.email"))
                .body("errors.field", hasItem("[2].lead"));
    }

    @Test
    void batchScoringRefusesMoreThanTheLimit() {
        String body = "[" + String.join(",", Collections.nCopies(501, "{\"lead\":{}}")) + "]";
        given().contentType(ContentType.JSON).body(body).post("/api/score/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("at most 500"));
    }

    @Test
    void batchIngestionStoresAndScoresEveryLeadAcrossChunksAndCountsResentEventsOnce() {
        String a = newLeadId();
        String b = newLeadId();
        String c = newLeadId();
        put(a, VP_PROFILE);
        put(b, VP_PROFILE);
        put(c, VP_PROFILE);
        String batch = "[{\"leadId\":\"" + a + "\",\"events\":[" + demoRequest("d1") + "," + demoRequest("d1") + "]},"
                + "{\"leadId\":\"" + b + "\",\"events\":[" + event("w1", "webinar_attended", RECENT, "{}") + "]},"
                + "{\"leadId\":\"" + c + "\",\"events\":[" + event("o1", "email_open", RECENT, "{}") + "]},"
                + "{\"leadId\":\"" + a + "\",\"events\":[" + event("o1", "email_open", RECENT, "{}") + "]}]";

        given().contentType(ContentType.JSON).body(batch).post("/api/events/batch")
                .then().statusCode(200)
                .body("", hasSize(3))
                .body("[0].leadId", equalTo(a))
                .body("[0].accepted", equalTo(2))
                .body("[0].duplicates", equalTo(1))
                .body("[0].score.stage", equalTo("SALES_READY"))
                .body("[1].score.adjustments.rule", hasItem("Webinar attended"))
                .body("[2].score.adjustments.rule", hasItem("Email open"));
        given().get("/api/leads/{id}/score", a).then().statusCode(200).body("stage", equalTo("SALES_READY"));
        given().get("/api/leads/{id}/score", c).then().statusCode(200).body("adjustments.rule", hasItem("Email open"));

        // sending the same batch again changes nothing
        given().contentType(ContentType.JSON).body(batch).post("/api/events/batch")
                .then().statusCode(200).body("accepted", equalTo(java.util.List.of(0, 0, 0)));
        given().get("/api/leads/{id}/events", a).then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void batchesNamingTheSameLeadsInOppositeOrdersRunSideBySideWithoutDeadlock() throws Exception {
        String a = newLeadId();
        String b = newLeadId();
        put(a, VP_PROFILE);
        put(b, VP_PROFILE);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String first = "[{\"leadId\":\"" + a + "\",\"events\":[" + demoRequest("x" + round) + "]},"
                        + "{\"leadId\":\"" + b + "\",\"events\":[" + demoRequest("x" + round) + "]}]";
                String second = "[{\"leadId\":\"" + b + "\",\"events\":[" + demoRequest("y" + round) + "]},"
                        + "{\"leadId\":\"" + a + "\",\"events\":[" + demoRequest("y" + round) + "]}]";
                var one = pool.submit(() -> given().contentType(ContentType.JSON).body(first).post("/api/events/batch"));
                var two = pool.submit(() -> given().contentType(ContentType.JSON).body(second).post("/api/events/batch"));
                // each answer lists the leads in the order its batch named them
                one.get().then().statusCode(200).body("leadId", equalTo(java.util.List.of(a, b)));
                two.get().then().statusCode(200).body("leadId", equalTo(java.util.List.of(b, a)));
            }
        } finally {
            pool.shutdownNow();
        }
        given().get("/api/leads/{id}/events", a).then().statusCode(200).body("total", equalTo(20));
        given().get("/api/leads/{id}/events", b).then().statusCode(200).body("total", equalTo(20));
    }

    @Test
    void batchEventsForAnIdNotKnownYetMakeAnAnonymousVisitorAsSingleEventsDo() {
        String known = newLeadId();
        put(known, VP_PROFILE);
        String visitor = "visitor-" + known;
        given().contentType(ContentType.JSON)
                .body("[{\"leadId\":\"" + known + "\",\"events\":[" + demoRequest("x1") + "]},"
                        + "{\"leadId\":\"" + visitor + "\",\"events\":[" + demoRequest("x2") + "]}]")
                .post("/api/events/batch")
                .then().statusCode(200)
                .body("leadId", org.hamcrest.Matchers.contains(known, visitor))
                .body("accepted", org.hamcrest.Matchers.contains(1, 1));
        given().get("/api/leads/{id}", visitor).then().statusCode(200)
                .body("anonymous", equalTo(true)).body("profile", org.hamcrest.Matchers.nullValue());
        given().get("/api/leads/{id}/score", visitor).then().statusCode(200)
                .body("fit", equalTo(0)).body("engagement", org.hamcrest.Matchers.greaterThan(0));
        given().get("/api/leads/{id}/events", visitor).then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void batchIngestionWithABadEventStoresNothing() {
        String known = newLeadId();
        put(known, VP_PROFILE);
        given().contentType(ContentType.JSON)
                .body("[{\"leadId\":\"" + known + "\",\"events\":[" + demoRequest("x1") + "]},"
                        + "{\"leadId\":\"" + known + "\",\"events\":[{\"id\":\"x3\",\"type\":\"9bad\",\"occurredAt\":\"" + RECENT + "\"}]}]")
                .post("/api/events/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[1].events[0].type"));
        given().get("/api/leads/{id}/events", known).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void rescoringAllLeadsScoresLeadsWithoutAScoreAndLeavesUnchangedOnesAlone() {
        String scored = newLeadId();
        put(scored, VP_PROFILE);
        String imported = newLeadId();
        // a lead written straight to the table (as an import would), never scored
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into lead (id, model, profile, created_at, "
                + "updated_at, version) values (?1, 'sales-led', cast(?2 as jsonb), now(), now(), 0)")
                .setParameter(1, imported).setParameter(2, VP_PROFILE).executeUpdate());

        given().post("/api/rescore").then().statusCode(403);
        asAdmin().post("/api/rescore?model=sales-led")
                .then().statusCode(200)
                .body("leads", greaterThanOrEqualTo(2))
                .body("stored", greaterThanOrEqualTo(1));
        given().get("/api/leads/{id}/score", imported).then().statusCode(200)
                .body("adjustments.rule", hasItem("VP title"));
        given().get("/api/leads/{id}/history", scored).then().statusCode(200).body("items", hasSize(1));

        // nothing changed for these two since: a second run stores nothing new for them
        asAdmin().post("/api/rescore").then().statusCode(200);
        given().get("/api/leads/{id}/history", scored).then().statusCode(200).body("items", hasSize(1));
        given().get("/api/leads/{id}/history", imported).then().statusCode(200).body("items", hasSize(1));
        asAdmin().post("/api/rescore?model=nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aKeyRestrictedToASourceCannotBatchEventsIntoAnotherSourcesLead() {
        String crmLead = newLeadId(); // owned by its profile's source, "crm"
        put(crmLead, VP_PROFILE);
        String otherSource = TestKeys.create(Roles.INTEGRATION, "web-forms", null);
        io.restassured.RestAssured.given().header(TestKeys.HEADER, otherSource).contentType(ContentType.JSON)
                .body("[{\"leadId\":\"" + crmLead + "\",\"events\":[" + demoRequest("s1") + "]}]")
                .post("/api/events/batch")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/leads/{id}/events", crmLead).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void theBenchmarksPersistLimitEndpointIsOffByDefault() {
        String lead = newLeadId();
        put(lead, VP_PROFILE);
        given().contentType(ContentType.JSON).body("[" + demoRequest("bench-1") + "]")
                .post("/api/bench/leads/{id}/events", lead)
                .then().statusCode(404);
        asAdmin().contentType(ContentType.JSON).body("[" + demoRequest("bench-2") + "]")
                .post("/api/bench/leads/{id}/events", lead)
                .then().statusCode(404);
        given().get("/api/leads/{id}/events", lead).then().statusCode(200).body("items", hasSize(0));
    }

    /**
     * A lead's events are kept in memory between requests only while its row version is the one
     * this instance committed: an event stored by another instance (which moves the version, as
     * every write does) is scored with the next event sent here.
     */
    @Test
    void eventsStoredByAnotherInstanceCountInTheNextScore() {
        String lead = newLeadId();
        put(lead, VP_PROFILE);
        given().contentType(ContentType.JSON).body("[" + event("a1", "email_open", RECENT, "{}") + "]")
                .post("/api/leads/{id}/events", lead).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into lead_event (id, lead_id, event_id, type, occurred_at, properties, received_at) "
                    + "values (nextval('lead_event_seq'), ?1, 'elsewhere-1', 'form_submit', ?2, "
                    + "cast('{\"form\":\"demo_request\"}' as jsonb), ?2)")
                    .setParameter(1, lead).setParameter(2, RECENT).executeUpdate();
            em.createNativeQuery("update lead set version = version + 1 where id = ?1").setParameter(1, lead).executeUpdate();
        });
        given().contentType(ContentType.JSON).body("[" + event("a2", "email_open", RECENT, "{}") + "]")
                .post("/api/leads/{id}/events", lead).then().statusCode(200)
                .body("adjustments.rule", hasItem("Demo request"));
        given().contentType(ContentType.JSON).body("[" + event("elsewhere-1", "form_submit", RECENT, "{}") + "]")
                .post("/api/leads/{id}/events", lead).then().statusCode(200)
                .header("X-Events-Duplicate", "1");
    }
}
