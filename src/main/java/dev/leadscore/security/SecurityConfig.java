package dev.leadscore.security;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "leadscore.security")
public interface SecurityConfig {
    /** An admin key given by configuration (the ADMIN_API_KEY environment variable); at least 32 characters. */
    Optional<String> adminApiKey();

    /** How long a looked-up key is trusted before it is read again (a revocation on another instance takes this long). */
    @WithDefault("30S")
    Duration keyCacheTtl();

    RateLimit rateLimit();

    interface RateLimit {
        /** Requests per minute per key, unless the key has its own limit. */
        @WithDefault("600")
        long perMinute();

        /** How many requests a key may send at once above its steady rate. */
        @WithDefault("100")
        long burst();

        /**
         * How many instances share the traffic behind the load balancer. Limits are counted by each
         * instance on its own, so each allows this share of every limit (rounded up): the limits
         * configured and given to keys stay the figures for the whole service.
         */
        @WithDefault("1")
        int instances();
    }
}
