package dev.leadscore.docs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.leadscore.EmbeddedPostgresResource;
import dev.leadscore.TestKeys;
import dev.leadscore.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the documentation names (and tells operators to alert on) is at {@code /q/metrics}
 * from the start, before the job or delivery it counts has ever run.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class DocumentedMetricsTest {
    /** `leadscore_rescore_due`, `agroal_*`, `leadscore_webhook_deliveries_total{outcome="delivered|retry|dead"}` */
    private static final Pattern DOCUMENTED = Pattern.compile(
            "`((?:leadscore|agroal|http_server)_[a-z0-9_]*)(\\*)?(?:\\{(\\w+)=\"([\\w|]+)\"\\})?");

    @Test
    void everyDocumentedMetricIsExposed() throws IOException {
        // one API request, so that the HTTP server metrics have a first sample
        TestKeys.as(Roles.INTEGRATION).get("/api/leads/{id}/score", "metrics-probe").then().statusCode(404);
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> samples = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();

        Set<String> documented = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> docs = Files.list(DocBlocks.projectDir().resolve("docs"))) {
            for (Path doc : docs.filter(d -> d.toString().endsWith(".md")).toList()) {
                // the paragraphs that speak of metrics (a cookie may be called leadscore_session)
                String text = Stream.of(Files.readString(doc).split("\n\\s*\n"))
                        .filter(p -> p.toLowerCase().contains("metric")).reduce("", (a, b) -> a + "\n\n" + b);
                Matcher m = DOCUMENTED.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    boolean prefix = m.group(2) != null;
                    List<String> labels = m.group(3) == null ? List.of("")
                            : Stream.of(m.group(4).split("\\|")).map(v -> m.group(3) + "=\"" + v + "\"").toList();
                    for (String label : labels) {
                        documented.add(name + (prefix ? "*" : "") + (label.isEmpty() ? "" : "{" + label + "}"));
                        if (samples.stream().noneMatch(s -> exposes(s, name, prefix, label))) {
                            missing.add(doc.getFileName() + ": " + name + (prefix ? "*" : "") + " " + label);
                        }
                    }
                }
            }
        }
        assertThat(documented).as("metrics named in docs/").contains("agroal_*", "leadscore_idempotency_purged_total",
                "leadscore_rescore_due", "leadscore_webhook_deliveries_total{outcome=\"dead\"}");
        assertThat(missing).as("documented but not at /q/metrics").isEmpty();
        assertThat(samples).as("the pool metrics operators alert on")
                .anyMatch(s -> s.startsWith("agroal_active_count")).anyMatch(s -> s.startsWith("agroal_awaiting_count"));
    }

    /** A sample of the metric: its name exactly, a timer's or summary's _count/_sum/_max, or any name under a prefix. */
    private static boolean exposes(String sample, String name, boolean prefix, String label) {
        String sampleName = sample.split("[{ ]", 2)[0];
        boolean named = prefix ? sampleName.startsWith(name)
                : sampleName.equals(name) || sampleName.matches(Pattern.quote(name) + "_(count|sum|max|total)");
        return named && (label.isEmpty() || sample.contains(label));
    }
}
