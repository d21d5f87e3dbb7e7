package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Resources stay thin: they parse the request, call a service and shape the answer. Transactions
 * and entity changes live in the services, where every caller (HTTP, jobs, commands) gets them.
 */
class ThinResourcesTest {
    private static final Pattern PERSISTENCE = Pattern.compile(
            "@Transactional|QuarkusTransaction|EntityManager|\\.persist\\(|\\.update\\(\"|\\.delete\\(\"|\\.findById\\(");

    @Test
    void noResourceOpensATransactionOrTouchesEntities() throws IOException {
        assertThat(SourceLines.matching(name -> name.endsWith("Resource.java"), PERSISTENCE))
                .as("transactions or entity access in resources").isEmpty();
    }
}
