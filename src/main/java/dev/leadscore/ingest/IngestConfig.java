package dev.leadscore.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sources that push data in their own shapes; none is configured by default. */
@ConfigMapping(prefix = "leadscore.ingest")
public interface IngestConfig {

    /** Segment sources by name (the {@code source} query parameter of POST /api/ingest/segment). */
    Map<String, Source> segment();

    /** The HubSpot app whose webhooks POST /api/ingest/hubspot accepts (refused while no client secret is set). */
    HubSpot hubspot();

    interface Source {
        /** The shared secret Segment signs each request with ({@code X-Signature}). */
        String secret();

        /** The mapping file (YAML) of this source; the built-in Segment mapping when absent. */
        Optional<String> mapping();
    }

    interface HubSpot {
        /** The app's client secret, which signs the v3 signature. */
        Optional<String> clientSecret();

        /** The mapping file (YAML): which contact properties become which profile fields. */
        Optional<String> mapping();

        /** How old a request's timestamp may be. */
        @WithDefault("5M")
        Duration window();

        /**
         * The public URL HubSpot calls (as set in the app), when a proxy in front of the service
         * changes scheme, host or port: the signature covers the URL HubSpot used.
         */
        Optional<String> url();
    }
}
