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

    /** The Kafka topic of Segment-shaped events keyed by lead id; off unless enabled. */
    Kafka kafka();

    interface Kafka {
        /** Consume the topic (needs a reachable broker); off by default. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("localhost:9092")
        String bootstrapServers();

        @WithDefault("leadscore.segment-events")
        String topic();

        /** Where records that can never be applied go, with the reason in the dead-letter-reason header. */
        @WithDefault("leadscore.segment-events.dlq")
        String deadLetterTopic();

        @WithDefault("leadscore")
        String groupId();

        /** The mapping file (YAML) of the topic's events; the built-in Segment mapping when absent. */
        Optional<String> mapping();

        /** Records read per poll; a lead's records of one poll are applied in one transaction. */
        @WithDefault("500")
        int maxPollRecords();

        /** Further Kafka client settings (security.protocol, sasl.*, ...), given to the consumer and the producer. */
        Map<String, String> client();
    }

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
