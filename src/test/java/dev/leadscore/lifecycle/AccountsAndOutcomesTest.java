package dev.leadscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Account escalation, existing customers, and CRM outcomes. */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class AccountsAndOutcomesTest extends LifecycleFixture {

    static List<Map<String, Object>> accountChanges(String accountId) {
        return feedAbout(accountId).stream().filter(c -> "account.stage_changed".equals(c.get("type"))).toList();
    }

    @Test
    void threeEngagedContactsEscalateTheirAccountOnceAndDecayEndsIt() {
        Instant t0 = freshEpoch();
        String account = newId("acct");
        String[] contacts = {newId("a1"), newId("a2"), newId("a3")};
        for (String c : contacts) {
            putVp(c, account);
        }
        webinar(contacts[0], t0);
        webinar(contacts[1], t0);
        assertThat(accountChanges(account)).isEmpty();
        given().get("/api/accounts/{id}", account).then().statusCode(200)
                .body("status", equalTo("NONE")).body("engagedContacts", equalTo(2)).body("contacts", hasSize(3));

        webinar(contacts[2], t0);
        assertThat(accountChanges(account)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("from", "NONE").containsEntry("to", "ESCALATED");
            assertThat((String) c.get("reason")).contains("3 engaged contact(s)");
            assertThat((List<?>) c.get("contacts")).hasSize(3);
        });
        given().get("/api/accounts/{id}", account).then().statusCode(200)
                .body("status", equalTo("ESCALATED")).body("escalatedAt", notNullValue())
                .body("engagedContacts", equalTo(3))
                .body("contacts.find { it.leadId == '" + contacts[0] + "' }.stage", equalTo("MQL"))
                .body("contacts.find { it.leadId == '" + contacts[0] + "' }.total", notNullValue());
        // more engagement of an escalated account is not a new escalation
        webinar(contacts[0], t0.plusSeconds(60));
        assertThat(accountChanges(account)).hasSize(1);
        drainDeliveries();
        assertThat(WebhookReceiver.callsAbout(account)).isNotEmpty()
                .anySatisfy(call -> assertThat(call.body()).contains("\"ESCALATED\""));

        clock.advance(Duration.ofDays(31));
        drainJob();
        assertThat(accountChanges(account)).extracting(c -> c.get("to")).containsExactly("ESCALATED", "NONE");
    }

    @Test
    void contactsAtExistingCustomersAreFlaggedAndNeitherMqlNorCountedForTheAccount() {
        Instant t0 = freshEpoch();
        String account = newId("cust");
        String[] contacts = {newId("c1"), newId("c2"), newId("c3")};
        for (int i = 0; i < contacts.length; i++) {
            putLead(contacts[i], """
                    {"email": "p%d@customer.example", "title": "VP Sales", "country": "US", "accountId": "%s",
                     "company": {"name": "Old friend", "domain": "customer.example", "industry": "SaaS", "employees": 200}}"""
                    .formatted(i, account));
            assertThat(webinar(contacts[i], t0).getString("stage")).isEqualTo("NONE");
        }
        given().get("/api/leads/{id}/score", contacts[0]).then().body("existingCustomer", equalTo(true))
                .body("engagement", equalTo(25));
        given().get("/api/accounts/{id}", account).then().statusCode(200)
                .body("status", equalTo("NONE")).body("engagedContacts", equalTo(0))
                .body("contacts.existingCustomer", org.hamcrest.Matchers.everyItem(equalTo(true)));
        assertThat(stageChangesOf(contacts[0])).isEmpty();
    }

    @Test
    void anAccountWithoutAccountIdIsItsCompanyDomain() {
        freshEpoch();
        String id = newId("domain");
        putLead(id, """
                {"email": "x@%s.example", "company": {"name": "Solo", "domain": "%s.example"}}""".formatted(id, id));
        given().get("/api/accounts/{id}", id + ".example").then().statusCode(200)
                .body("contacts[0].leadId", equalTo(id));
        given().get("/api/accounts/{id}", "no-such-account").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aKeyRestrictedToOneSourceSeesOnlyThatSourcesChangesAndContacts() {
        Instant t0 = freshEpoch();
        String account = newId("shared");
        String theirs = newId("theirs");
        putVp(theirs, account);
        webinar(theirs, t0);
        String key = TestKeys.create(Roles.INTEGRATION, newId("source"), null);
        RestAssured.requestSpecification = null;
        String mine = newId("mine");
        given().header(TestKeys.HEADER, key).contentType(ContentType.JSON)
                .body(VP.formatted(mine, "\"" + account + "\"")).put("/api/leads/{id}", mine).then().statusCode(200);
        given().header(TestKeys.HEADER, key).contentType(ContentType.JSON)
                .body("{\"id\":\"w1\",\"type\":\"webinar_attended\",\"occurredAt\":\"" + t0 + "\"}")
                .post("/api/leads/{id}/events", mine).then().statusCode(200).body("stage", equalTo("MQL"));

        List<String> seen = given().header(TestKeys.HEADER, key).queryParam("limit", 500).get("/api/stage-changes")
                .then().statusCode(200).extract().jsonPath().getList("items.leadId");
        assertThat(seen).containsExactly(mine);
        given().header(TestKeys.HEADER, key).get("/api/accounts/{id}", account).then().statusCode(200)
                .body("contacts.leadId", org.hamcrest.Matchers.contains(mine));
        given().header(TestKeys.HEADER, key).get("/api/leads/{id}/stage-changes", theirs).then().statusCode(404);
    }

    @Test
    void salesAcceptanceMakesAnSqlThatTimeDoesNotUndoUntilSalesLetsGo() {
        Instant t0 = freshEpoch();
        String id = newId("sql");
        putVp(id, null);
        webinar(id, t0);
        clock.advance(Duration.ofHours(1));

        given().contentType(ContentType.JSON)
                .body("{\"type\":\"SALES_ACCEPTED\",\"at\":\"" + t0.plusSeconds(1800) + "\",\"note\":\"call booked\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(201)
                .body("type", equalTo("SALES_ACCEPTED"))
                .body("scoreAtThatMoment.stage", equalTo("MQL"))
                .body("scoreAtThatMoment.engagement", equalTo(25))
                .body("scoreAtThatMoment.source", equalTo("STORED"));
        assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "SQL");
        assertThat((String) stageChangesOf(id).get(1).get("reason")).contains("call booked");

        clock.advance(Duration.ofDays(40));
        drainJob();
        assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "SQL");
        given().get("/api/leads/{id}/score", id).then().body("stage", equalTo("NONE"));

        given().contentType(ContentType.JSON)
                .body("{\"type\":\"CLOSED_LOST\",\"at\":\"" + clock.instant() + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(201)
                .body("scoreAtThatMoment.stage", equalTo("NONE"));
        assertThat(stageChangesOf(id)).extracting(c -> c.get("to")).containsExactly("MQL", "SQL", "NONE");
        given().get("/api/leads/{id}/outcomes", id).then().statusCode(200)
                .body("type", org.hamcrest.Matchers.contains("SALES_ACCEPTED", "CLOSED_LOST"));
        assertThat(feedAbout(id)).extracting(c -> c.get("to")).containsExactly("MQL", "SQL", "NONE");
    }

    @Test
    void anOutcomeBeforeTheFirstStoredScoreCarriesTheScoreComputedAsOfThen() {
        Instant t0 = freshEpoch();
        String id = newId("early");
        putVp(id, null);
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"DISQUALIFIED\",\"at\":\"" + t0.minus(Duration.ofDays(3)) + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(201)
                .body("scoreAtThatMoment.source", equalTo("RECOMPUTED"))
                .body("scoreAtThatMoment.rulesetVersion", notNullValue());
    }

    @Test
    void badOutcomesAreRefusedNamingTheField() {
        freshEpoch();
        String id = newId("bad");
        putVp(id, null);
        given().contentType(ContentType.JSON).body("{\"type\":\"WON_BIG\",\"at\":\"" + clock.instant() + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("type"));
        given().contentType(ContentType.JSON).body("{\"type\":\"OPPORTUNITY\",\"at\":\"soon\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"OPPORTUNITY\",\"at\":\"" + clock.instant().plusSeconds(3600) + "\"}")
                .post("/api/leads/{id}/outcomes", id).then().statusCode(400).body("errors[0].field", equalTo("at"));
        given().contentType(ContentType.JSON).body("{\"type\":\"OPPORTUNITY\",\"at\":\"" + clock.instant() + "\"}")
                .post("/api/leads/{id}/outcomes", "no-such-lead").then().statusCode(404);
        given().get("/api/leads/{id}/outcomes", id).then().statusCode(200).body("$", hasSize(0));
    }
}
