package dev.leadscore.notify;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Webhook endpoints and delivery policy, e.g.
 * {@code leadscore.notify.endpoints.crm.url=https://crm.example/hooks/leadscore} and
 * {@code leadscore.notify.endpoints.crm.secret=...}.
 */
@ConfigMapping(prefix = "leadscore.notify")
public interface NotifyConfig {

    /** Endpoints by name; every announced stage change is delivered to each of them. */
    Map<String, Endpoint> endpoints();

    /** How often the delivery worker looks for due messages. */
    @WithDefault("2s")
    String every();

    /** Messages per delivery round. */
    @WithDefault("50")
    int batchSize();

    /** Attempts before a message is dead-lettered. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further failure. */
    @WithDefault("PT10S")
    Duration firstRetryAfter();

    /** The longest wait between two attempts. */
    @WithDefault("PT1H")
    Duration maxRetryAfter();

    /** Time allowed for one HTTP call. */
    @WithDefault("PT10S")
    Duration timeout();

    interface Endpoint {
        String url();

        /** Shared secret for the HMAC-SHA256 signature; without one, calls are sent unsigned. */
        Optional<String> secret();
    }
}
