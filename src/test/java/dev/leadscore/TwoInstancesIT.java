package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two instances of the packaged service (two JVMs started from target/quarkus-app) on one
 * PostgreSQL, each with its own rules folder: a publish on one is served by the other, a re-score
 * whose instance is killed is finished by the other, and events for one lead sent to both at once
 * are all kept, each once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {
    private static final String MODEL = "sales-led";
    /** Leads generated for the re-score that one instance is killed in the middle of. */
    private static final int GENERATED_LEADS = 1200;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static EmbeddedPostgres postgres;
    private static String adminKey;
    private static Instance a;
    private static Instance b;

    /** One running service: its process, its log and its base URL. */
    private record Instance(String name, Process process, Path log, String url) {
        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() throws Exception {
        dir = Files.createTempDirectory("two-instances");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(true).start();
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        adminKey = HexFormat.of().formatHex(key);
        // both JVMs start at once, as a rolling deployment or an autoscaler would start them
        CompletableFuture<Instance> first = CompletableFuture.supplyAsync(unchecked(() -> start("a")));
        CompletableFuture<Instance> second = CompletableFuture.supplyAsync(unchecked(() -> start("b")));
        a = first.join();
        b = second.join();
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        for (Instance i : new Instance[] { a, b }) {
            if (i != null) {
                i.process().destroyForcibly();
                try {
                    i.process().waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aPublishOnOneInstanceIsServedByTheOtherWithinFiveSeconds() throws Exception {
        String before = activeVersion(b);
        byte[] examples = Files.readAllBytes(Path.of("rules", MODEL, "examples.yaml"));
        byte[] changed = (new String(examples, StandardCharsets.UTF_8) + "\n# checked again before the spring campaign\n")
                .getBytes(StandardCharsets.UTF_8);
        long draftId = RestAssured.given().baseUri(a.url()).header("X-API-Key", adminKey)
                .multiPart("file", "examples.yaml", changed)
                .post("/api/rules/" + MODEL + "/drafts").then().statusCode(201).extract().jsonPath().getLong("draft.id");
        JsonNode published = send(a, "POST", "/api/rules/" + MODEL + "/drafts/" + draftId + "/publish", "{}", Map.of());
        String version = published.at("/version/version").asText();
        long publishedAt = System.nanoTime();
        assertThat(version).isNotBlank().isNotEqualTo(before);

        await(Duration.ofSeconds(5), "instance b serves version " + version, () -> version.equals(activeVersion(b)));
        long millis = Duration.ofNanos(System.nanoTime() - publishedAt).toMillis();
        System.out.printf("TwoInstancesIT: the publish on instance a was served by instance b after %d ms%n", millis);
        JsonNode score = send(b, "POST", "/api/score", "{\"lead\":{\"title\":\"VP Sales\"}}", Map.of());
        assertThat(score.get("rulesetVersion").asText()).isEqualTo(version);
    }

    @Test
    @Order(2)
    void eventsForOneLeadSentToBothInstancesAtOnceAreAllKeptEachOnce() throws Exception {
        send(a, "PUT", "/api/leads/two-instances-lead", "{\"email\":\"dana@acme.io\",\"title\":\"VP Sales\"}", Map.of());
        String at = Instant.now().minus(Duration.ofHours(1)).toString();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            for (Instance target : List.of(a, b)) {
                String id = target.name() + "-" + i;
                calls.add(() -> status(target, "/api/leads/two-instances-lead/events", event(id, at), Map.of()));
            }
        }
        // the same events re-sent to both instances at once, with the same Idempotency-Key
        for (int i = 0; i < 10; i++) {
            String body = event("twice-" + i, at);
            Map<String, String> key = Map.of("Idempotency-Key", "two-instances-" + i);
            calls.add(() -> status(a, "/api/leads/two-instances-lead/events", body, key));
            calls.add(() -> status(b, "/api/leads/two-instances-lead/events", body, key));
        }
        // an anonymous visitor's first events reach both instances at once
        for (int i = 0; i < 20; i++) {
            Instance target = i % 2 == 0 ? a : b;
            String id = "visit-" + i;
            calls.add(() -> status(target, "/api/leads/two-instances-visitor/events", event(id, at), Map.of()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(eventIds(a, "two-instances-lead")).hasSize(110).doesNotHaveDuplicates();
        assertThat(eventIds(b, "two-instances-visitor")).hasSize(20).doesNotHaveDuplicates();
        assertThat(count("select count(*) from lead_event where lead_id = 'two-instances-lead'")).isEqualTo(110);
    }

    @Test
    @Order(3)
    void aKeysRateLimitHoldsForTheTwoInstancesTogether() throws Exception {
        // both instances are told they are two: each allows half of every limit
        String key = send(a, "POST", "/api/admin/keys",
                "{\"name\":\"two-instances\",\"role\":\"integration\",\"rateLimitPerMinute\":4}", Map.of())
                .get("key").asText();
        List<Integer> statuses = new ArrayList<>();
        for (Instance target : List.of(a, b)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(target.url() + "/api/score"))
                        .header("X-API-Key", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lead\":{\"title\":\"VP Sales\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.add(r.statusCode());
            }
        }
        // 4 requests a minute for the service as a whole: 2 on each instance, the third refused
        assertThat(statuses).containsExactly(200, 200, 429, 200, 200, 429);
    }

    @Test
    @Order(4)
    void aReScoreWhoseInstanceIsKilledIsFinishedByTheOther() throws Exception {
        generateLeads(GENERATED_LEADS);
        JsonNode versions = send(b, "GET", "/api/rules/" + MODEL + "/versions", null, Map.of());
        String earlier = null;
        for (JsonNode v : versions) {
            if (!v.get("active").asBoolean() && "PUBLISHED".equals(v.get("status").asText())) {
                earlier = v.get("version").asText();
                break;
            }
        }
        assertThat(earlier).as("a version published before the active one").isNotNull();

        JsonNode activation = send(a, "POST", "/api/rules/" + MODEL + "/versions/" + earlier + "/activate", "{}", Map.of());
        long jobId = activation.at("/rescoring/id").asLong();
        int total = activation.at("/rescoring/leadsTotal").asInt();
        assertThat(total).isGreaterThanOrEqualTo(GENERATED_LEADS);
        await(Duration.ofSeconds(60), "instance a has committed a batch of job " + jobId,
                () -> rescoring(b, jobId).get("leadsDone").asInt() > 0);
        a.process().destroyForcibly();
        long killedAt = System.nanoTime();
        assertThat(a.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        int doneWhenKilled = rescoring(b, jobId).get("leadsDone").asInt();
        assertThat(doneWhenKilled).as("the job was still running when instance a was killed; generate more leads")
                .isLessThan(total);

        await(Duration.ofSeconds(60), "instance b takes job " + jobId + " over",
                () -> rescoring(b, jobId).get("leadsDone").asInt() > doneWhenKilled);
        long resumedMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        await(Duration.ofSeconds(120), "instance b finishes job " + jobId,
                () -> "DONE".equals(rescoring(b, jobId).get("status").asText()));
        System.out.printf("TwoInstancesIT: re-score of %d leads, instance a killed after %d; instance b had committed a "
                + "batch %d ms after the kill and finished %d ms after it%n", total, doneWhenKilled, resumedMillis,
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        JsonNode job = rescoring(b, jobId);
        assertThat(job.get("leadsDone").asInt()).isEqualTo(total);
        // every generated lead got exactly one score under the version, none skipped, none twice
        assertThat(count("select count(*) from score_record where lead_id like 'gen-%' and ruleset_version = '"
                + earlier + "'")).isEqualTo(GENERATED_LEADS);
        assertThat(count("select count(distinct lead_id) from score_record where lead_id like 'gen-%'"))
                .isEqualTo(GENERATED_LEADS);
    }

    // ---- the instances ----

    private static Instance start(String name) throws IOException {
        Path rules = dir.resolve("rules-" + name);
        copy(Path.of("rules"), rules);
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        List<String> command = PackagedApp.command("-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "-Dquarkus.datasource.username=postgres",
                "-Dquarkus.datasource.password=postgres",
                "-Dleadscore.rules.dir=" + rules,
                // a dead instance's re-scoring job is taken over after the lease; looked for every second
                "-Dleadscore.governance.rescore-lease=" + LEASE.toSeconds() + "s",
                "-Dleadscore.rules.sync-interval=1s",
                // small batches: the job commits its progress often, and is not over before the kill
                "-Dleadscore.governance.rescore-batch-size=50",
                // the limits of the admin key the test sends everything with stay out of the way;
                // the key of the rate-limit test has its own
                "-Dleadscore.security.rate-limit.per-minute=1000000",
                "-Dleadscore.security.rate-limit.burst=100000",
                "-Dleadscore.security.rate-limit.instances=2");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ADMIN_API_KEY", adminKey);
        Process process = pb.start();
        // a test run stopped half-way does not leave the service running on the shared machine
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new Instance(name, process, log, "http://localhost:" + port);
    }

    private static void awaitReady(Instance i) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(i.process().isAlive()).as("instance %s died:%n%s", i.name(), i.logTail()).isTrue();
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(i.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("instance " + i.name() + " did not become ready:\n" + i.logTail());
    }

    // ---- HTTP ----

    private static JsonNode send(Instance i, String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpResponse<String> r = request(i, method, path, body, headers);
        assertThat(r.statusCode()).as("%s %s on %s: %s", method, path, i.name(), r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    /** POSTs {@code body}; a 409 (the same Idempotency-Key still running on the other instance) is retried. */
    private static int status(Instance i, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> r = request(i, "POST", path, body, headers);
        while (r.statusCode() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = request(i, "POST", path, body, headers);
        }
        assertThat(r.statusCode()).as("POST %s on %s: %s", path, i.name(), r.body()).isEqualTo(200);
        return r.statusCode();
    }

    private static HttpResponse<String> request(Instance i, String method, String path, String body,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(i.url() + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", adminKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(rb::header);
        return HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id, String at) {
        return "{\"id\":\"" + id + "\",\"type\":\"page_view\",\"occurredAt\":\"" + at + "\",\"properties\":{\"path\":\"/pricing\"}}";
    }

    private static List<String> eventIds(Instance i, String lead) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        send(i, "GET", "/api/leads/" + lead + "/events?size=500", null, Map.of()).get("items")
                .forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    private static String activeVersion(Instance i) throws IOException, InterruptedException {
        for (JsonNode m : send(i, "GET", "/api/rules", null, Map.of())) {
            if (MODEL.equals(m.get("model").asText())) {
                return m.get("activeVersion").asText();
            }
        }
        return null;
    }

    /** The model's latest re-scoring job as an instance shows it, which must be {@code jobId}. */
    private static JsonNode rescoring(Instance i, long jobId) throws IOException, InterruptedException {
        for (JsonNode m : send(i, "GET", "/api/rules", null, Map.of())) {
            if (MODEL.equals(m.get("model").asText())) {
                JsonNode job = m.get("rescoring");
                assertThat(job.get("id").asLong()).isEqualTo(jobId);
                return job;
            }
        }
        throw new AssertionError("no model " + MODEL);
    }

    // ---- the database ----

    /** Leads straight into the tables, as an import would (the benchmark's generator, bench/GenerateLeads.java). */
    private static void generateLeads(int n) throws Exception {
        Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", driver.toString(),
                Path.of("bench", "GenerateLeads.java").toAbsolutePath().toString(),
                postgres.getJdbcUrl("postgres", "postgres"), Integer.toString(n))
                .redirectErrorStream(true).redirectOutput(dir.resolve("generate.log").toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("generate.log"))).isZero();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    // ---- helpers ----

    private static void await(Duration limit, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what + "\n--- a ---\n" + a.logTail()
                        + "\n--- b ---\n" + b.logTail());
            }
            Thread.sleep(50);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static <T> Supplier<T> unchecked(Callable<T> call) {
        return () -> {
            try {
                return call.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
