package dev.leadscore.security;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemMappers;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * A token bucket per API key on this instance: a key may send {@code burst} requests at once and
 * then its per-minute rate; beyond that it gets 429 with {@code Retry-After}. With N instances
 * behind a load balancer ({@code leadscore.security.rate-limit.instances}), each instance allows
 * 1/N of the limits, so a key's limit holds for the service as a whole without a shared counter
 * (a database round trip on every request would cost more than the requests it limits).
 */
@ApplicationScoped
public class RateLimits {
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    @Inject
    SecurityConfig config;
    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Optional<Response> limit() {
        SecurityIdentity identity = identities.getIdentity();
        String keyId = identity == null ? null : identity.getAttribute(ApiKeyAuthentication.KEY_ID);
        if (keyId == null) {
            return Optional.empty();
        }
        Long own = identity.getAttribute(ApiKeyAuthentication.RATE_LIMIT);
        long perMinute = own != null ? own : config.rateLimit().perMinute();
        int instances = Math.max(1, config.rateLimit().instances());
        long here = share(perMinute, instances);
        long burst = share(Math.min(perMinute, config.rateLimit().burst()), instances);
        Bucket bucket = buckets.get(keyId + "/" + perMinute, k -> Bucket.builder()
                .addLimit(l -> l.capacity(burst).refillGreedy(here, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Optional.of(Response.fromResponse(ProblemMappers.respond(new Problem("/problems/rate-limited",
                "Too many requests", 429, "This API key may send " + perMinute + " requests per minute; retry in "
                        + seconds + " s", null)))
                .header(HttpHeaders.RETRY_AFTER, seconds).build());
    }

    /** This instance's share of a limit counted over {@code instances}: rounded up, at least 1. */
    static long share(long limit, int instances) {
        return Math.max(1, (limit + instances - 1) / instances);
    }
}
