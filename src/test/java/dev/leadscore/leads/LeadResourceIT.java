package dev.leadscore.leads;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP contract, against the packaged application (target/quarkus-app). */
@QuarkusIntegrationTest
class LeadResourceIT extends LeadResourceTest {
}
