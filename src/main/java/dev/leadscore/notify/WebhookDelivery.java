package dev.leadscore.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.leadscore.startup.StartupGate;

/**
 * Delivers the outbox to the webhook endpoints, at least once: a message is claimed (its next
 * attempt pushed past the call's timeout) in one transaction, posted outside any transaction,
 * and its outcome recorded in another. A worker that dies after posting leaves the claim to run
 * out, and the message is posted again; receivers deduplicate by the {@code id} of the body.
 * Failures are retried with exponential backoff; after the last attempt a message is dead and
 * stays so until re-driven through the API.
 */
@ApplicationScoped
public class WebhookDelivery {
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

    static final String DELIVERIES = "leadscore.webhook.deliveries";
    private static final String OUTCOME = "outcome";

    @Inject
    NotifyConfig config;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;

    private volatile HttpClient http;

    /** What one delivery round did. */
    public record Round(int claimed, int delivered, int failed, int dead) {
    }

    private record Claim(long id, String endpoint, String payload, int attempts) {
    }

    private record Outcome(Claim claim, boolean ok, String error) {
    }

    /** The delivery counters exist from start-up at 0, so an alert on dead messages works before the first one. */
    void registerMeters(@Observes StartupEvent event) {
        for (String outcome : List.of("delivered", "retry", "dead")) {
            metrics.counter(DELIVERIES, OUTCOME, outcome);
        }
    }

    @Scheduled(every = "${leadscore.notify.every:2s}", identity = "webhook-delivery",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void scheduled() {
        deliverDue();
    }

    /** Claims the due messages, posts them and records what happened. */
    public Round deliverDue() {
        Instant now = clock.instant();
        List<Claim> claims = QuarkusTransaction.requiringNew().call(() -> claim(now));
        List<Outcome> outcomes = new ArrayList<>();
        for (Claim c : claims) {
            outcomes.add(post(c, now));
        }
        int[] counts = QuarkusTransaction.requiringNew().call(() -> record(outcomes, clock.instant()));
        return new Round(claims.size(), counts[0], counts[1], counts[2]);
    }

    @SuppressWarnings("unchecked")
    private List<Claim> claim(Instant now) {
        Instant claimUntil = now.plus(config.timeout().multipliedBy(3));
        List<Object[]> rows = em.createNativeQuery("""
                update outbox_message set attempts = attempts + 1, last_attempt_at = ?1, next_attempt_at = ?2
                where id in (select id from outbox_message where status = 'PENDING' and next_attempt_at <= ?1
                             order by next_attempt_at, id limit ?3 for update skip locked)
                returning id, endpoint, payload, attempts""")
                .setParameter(1, now).setParameter(2, claimUntil).setParameter(3, config.batchSize())
                .getResultList();
        return rows.stream()
                .map(r -> new Claim(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue()))
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    private Outcome post(Claim c, Instant now) {
        NotifyConfig.Endpoint endpoint = config.endpoints().get(c.endpoint());
        if (endpoint == null) {
            return new Outcome(c, false, "endpoint '" + c.endpoint() + "' is no longer configured");
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header(Signatures.DELIVERY_HEADER, Long.toString(c.id()))
                    .header(Signatures.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.payload()));
            endpoint.secret().ifPresent(secret -> request.header(Signatures.SIGNATURE_HEADER,
                    Signatures.sign(secret, c.payload())));
            HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new Outcome(c, true, null);
            }
            String body = response.body() == null ? "" : response.body();
            return new Outcome(c, false, "HTTP " + response.statusCode()
                    + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(c, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(c, false, "interrupted");
        }
    }

    private int[] record(List<Outcome> outcomes, Instant now) {
        int delivered = 0;
        int failed = 0;
        int dead = 0;
        for (Outcome o : outcomes) {
            OutboxMessage m = em.find(OutboxMessage.class, o.claim().id());
            if (m == null || !OutboxMessage.PENDING.equals(m.status)) {
                continue;
            }
            if (o.ok()) {
                m.status = OutboxMessage.DELIVERED;
                m.deliveredAt = now;
                m.lastError = null;
                delivered++;
            } else if (m.attempts >= config.maxAttempts()) {
                m.status = OutboxMessage.DEAD;
                m.lastError = o.error();
                dead++;
                LOG.warnf("Webhook message %d to '%s' is dead after %d attempts: %s", m.id, m.endpoint, m.attempts, o.error());
            } else {
                m.nextAttemptAt = now.plus(backoff(m.attempts));
                m.lastError = o.error();
                failed++;
            }
        }
        metrics.counter(DELIVERIES, OUTCOME, "delivered").increment(delivered);
        metrics.counter(DELIVERIES, OUTCOME, "retry").increment(failed);
        metrics.counter(DELIVERIES, OUTCOME, "dead").increment(dead);
        return new int[] {delivered, failed, dead};
    }

    /** The wait after the {@code attempts}-th failure: first-retry-after doubled per further failure, capped. */
    Duration backoff(int attempts) {
        Duration wait = config.firstRetryAfter();
        for (int i = 1; i < attempts && wait.compareTo(config.maxRetryAfter()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : wait;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
            http = c;
        }
        return c;
    }
}
