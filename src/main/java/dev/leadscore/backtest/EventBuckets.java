package dev.leadscore.backtest;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.scoring.ActivityEvent;

/**
 * The events CSV, grouped by lead without holding the whole file in memory: one streaming pass
 * reads and checks every row and spills it to one of N bucket files chosen by a hash of the lead
 * id; the backtest then handles one bucket at a time (its events in memory, its leads scored).
 * N grows with the file size ({@link #bytesPerBucket} of CSV per bucket), so memory stays
 * bounded by the largest bucket, not the file. The events CSV need not be sorted.
 */
final class EventBuckets implements Closeable {
    static final long DEFAULT_BYTES_PER_BUCKET = 32L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() { };

    /** What a bucket file holds per line. */
    record Spilled(String lead, String id, String type, String at, Map<String, Object> props) {
    }

    private final Path dir;
    private final int count;
    private long events;

    private EventBuckets(Path dir, int count) {
        this.dir = dir;
        this.count = count;
    }

    int count() {
        return count;
    }

    long events() {
        return events;
    }

    static int bucketOf(String leadId, int buckets) {
        return Math.floorMod(leadId.hashCode(), buckets);
    }

    /**
     * Reads the events CSV once, reporting unreadable rows to {@code problems}, and spills the
     * readable ones to bucket files in a fresh temporary folder (deleted on close).
     */
    static EventBuckets spill(Mapping mapping, String fileName, InputStream in, long sizeBytes, long bytesPerBucket,
            Consumer<RowProblem> problems) {
        int buckets = (int) Math.max(1, Math.min(4096, (sizeBytes + bytesPerBucket - 1) / bytesPerBucket));
        Path dir;
        try {
            dir = Files.createTempDirectory("backtest-events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EventBuckets result = new EventBuckets(dir, buckets);
        Mapping.EventColumns m = mapping.events();
        CellValues cells = new CellValues(mapping.placeholderValues());
        CellValues.Dates dates = new CellValues.Dates(m.dateFormat(), m.timeZone());
        Map<String, String> types = CellValues.lowerKeys(m.types());
        Map<String, Map<String, String>> propertyValues = new HashMap<>();
        if (m.propertyValues() != null) {
            m.propertyValues().forEach((k, v) -> propertyValues.put(k, CellValues.lowerKeys(v)));
        }
        List<BufferedWriter> writers = new ArrayList<>();
        try (CsvTable table = new CsvTable(fileName, in, mapping.delimiterChar())) {
            int lead = table.require(m.leadId(), "events.leadId");
            int id = m.id() == null ? -1 : table.require(m.id(), "events.id");
            int type = table.require(m.type(), "events.type");
            int at = table.require(m.occurredAt(), "events.occurredAt");
            int json = m.propertiesJson() == null ? -1 : table.require(m.propertiesJson(), "events.propertiesJson");
            Map<String, Integer> props = new LinkedHashMap<>();
            if (m.properties() != null) {
                m.properties().forEach((p, c) -> props.put(p, table.require(c, "events.properties." + p)));
            }
            for (int b = 0; b < buckets; b++) {
                writers.add(Files.newBufferedWriter(dir.resolve(b + ".jsonl"), StandardCharsets.UTF_8));
            }
            while (table.hasNext()) {
                CsvTable.TableRow row = table.next();
                if (row.problem() != null) {
                    problems.accept(new RowProblem(fileName, row.line(), null, row.problem()));
                    continue;
                }
                String[] v = row.values();
                String leadId = cells.clean(v[lead]);
                String typeText = cells.clean(v[type]);
                String atText = cells.clean(v[at]);
                if (leadId == null || typeText == null || atText == null) {
                    String column = leadId == null ? m.leadId() : typeText == null ? m.type() : m.occurredAt();
                    if (java.util.Arrays.stream(v).allMatch(String::isBlank)) {
                        continue;
                    }
                    problems.accept(new RowProblem(fileName, row.line(), column, "is empty"));
                    continue;
                }
                Instant when;
                try {
                    when = dates.parse(atText);
                } catch (DateTimeException e) {
                    problems.accept(new RowProblem(fileName, row.line(), m.occurredAt(), e.getMessage()));
                    continue;
                }
                Map<String, Object> properties = new LinkedHashMap<>();
                if (json >= 0 && cells.clean(v[json]) != null) {
                    try {
                        properties.putAll(JSON.readValue(v[json], PROPERTIES));
                    } catch (JsonProcessingException e) {
                        problems.accept(new RowProblem(fileName, row.line(), m.propertiesJson(),
                                "not a JSON object: " + e.getOriginalMessage()));
                        continue;
                    }
                }
                for (Map.Entry<String, Integer> p : props.entrySet()) {
                    String value = cells.clean(v[p.getValue()]);
                    Map<String, String> map = propertyValues.get(p.getKey());
                    if (value != null && map != null && map.containsKey(value.toLowerCase(Locale.ROOT))) {
                        value = cells.clean(map.get(value.toLowerCase(Locale.ROOT)));
                    }
                    if (value != null) {
                        properties.put(p.getKey(), value);
                    }
                }
                String mappedType = types.getOrDefault(typeText.toLowerCase(Locale.ROOT), typeText);
                String eventId = id < 0 ? null : cells.clean(v[id]);
                Spilled s = new Spilled(leadId, eventId == null ? "line-" + row.line() : eventId, mappedType,
                        when.toString(), properties);
                BufferedWriter w = writers.get(bucketOf(leadId, buckets));
                w.write(JSON.writeValueAsString(s));
                w.newLine();
                result.events++;
            }
        } catch (IOException e) {
            result.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        } finally {
            for (BufferedWriter w : writers) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // the bucket is deleted with the folder
                }
            }
        }
        return result;
    }

    /** The events of one bucket, by lead id; events with the same id for one lead count once. */
    Map<String, List<ActivityEvent>> load(int bucket) {
        Map<String, Map<String, ActivityEvent>> byLead = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve(bucket + ".jsonl"), StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Spilled s = JSON.readValue(line, Spilled.class);
                byLead.computeIfAbsent(s.lead(), k -> new LinkedHashMap<>())
                        .putIfAbsent(s.id(), new ActivityEvent(s.id(), s.type(), Instant.parse(s.at()), s.props()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<ActivityEvent>> out = new HashMap<>();
        byLead.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
        return out;
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
