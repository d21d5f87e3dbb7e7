package dev.leadscore.ingest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

/**
 * The configured Segment sources with their mappings, read once at start-up: a source whose
 * mapping file is missing or wrong stops the service with the file and every problem named.
 */
@ApplicationScoped
@Startup
public class SegmentSources {
    record Source(String name, String secret, SourceMapping mapping) {
    }

    private final Map<String, Source> sources = new HashMap<>();

    @Inject
    SegmentSources(IngestConfig config) {
        config.segment().forEach((name, s) -> sources.put(name, new Source(name, s.secret(),
                s.mapping().map(f -> SourceMapping.read(Path.of(f))).orElseGet(SourceMapping::segmentDefaults))));
    }

    Source get(String name) {
        return sources.get(name);
    }
}
