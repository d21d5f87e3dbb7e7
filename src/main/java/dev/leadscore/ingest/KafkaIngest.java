package dev.leadscore.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes a topic of Segment-shaped events keyed by lead id (so each lead's events stay in
 * order in one partition), at least once: offsets are committed only after the records were
 * applied, and a record delivered again finds its receipt and counts once. A record that can
 * never be applied (not JSON, not a Segment call, refused by validation) goes to the dead-letter
 * topic with the reason in its {@code dead-letter-reason} header. The consumer's lag is the
 * {@code leadscore.kafka.consumer.lag} gauge. Off unless {@code leadscore.ingest.kafka.enabled}.
 */
@ApplicationScoped
public class KafkaIngest {
    private static final Logger LOG = Logger.getLogger(KafkaIngest.class);
    public static final String SOURCE = "kafka";
    static final String REASON_HEADER = "dead-letter-reason";
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    IngestConfig config;
    @Inject
    Ingestion ingestion;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;

    private final AtomicLong lag = new AtomicLong();
    private SourceMapping mapping;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    void onStart(@Observes StartupEvent e) {
        // registered from the start (0 while off), so alerts on it never point at a missing series
        Gauge.builder("leadscore.kafka.consumer.lag", lag, AtomicLong::get)
                .description("Records of the ingest topic not yet applied, over the assigned partitions")
                .tag("topic", config.kafka().topic()).register(metrics);
        if (config.kafka().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent e) {
        stop();
    }

    /** Starts consuming (from the group's committed offsets). */
    public synchronized void start() {
        if (running) {
            return;
        }
        if (mapping == null) {
            mapping = config.kafka().mapping().map(f -> SourceMapping.read(Path.of(f))).orElseGet(SourceMapping::segmentDefaults);
        }
        running = true;
        thread = new Thread(this::run, "kafka-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops consuming; records read but not yet committed are delivered again on the next start. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The records of the assigned partitions not yet applied, as last measured. */
    public long lag() {
        return lag.get();
    }

    private void run() {
        IngestConfig.Kafka k = config.kafka();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(k));
                KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProperties(k))) {
            consumer = c;
            c.subscribe(List.of(k.topic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    try {
                        process(records, deadLetters);
                        c.commitSync(nextOffsets(records));
                    } catch (RuntimeException failure) {
                        // the database or the dead-letter topic is unavailable: read the poll again later
                        LOG.warnf("Kafka records could not be applied (%s); retrying in %s", failure.getMessage(), RETRY_AFTER);
                        records.partitions().forEach(tp -> c.seek(tp, records.records(tp).get(0).offset()));
                        pause();
                    }
                }
                measureLag(c);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("The Kafka consumer stopped", e);
            running = false;
        } finally {
            consumer = null;
        }
    }

    /** Applies a poll: each lead's records in order, runs of plain events in one transaction. */
    private void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byLead = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            byLead.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> lead : byLead.entrySet()) {
            List<SegmentMessage> run = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> runRecords = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : lead.getValue()) {
                SegmentMessage m;
                try {
                    m = read(r, lead.getKey());
                } catch (ProblemException bad) {
                    deadLetter(deadLetters, r, bad.getMessage());
                    continue;
                }
                if (Ingestion.eventOnly(m) && (run.isEmpty() || run.get(0).leadId().equals(m.leadId()))) {
                    run.add(m);
                    runRecords.add(r);
                    continue;
                }
                applyRun(run, runRecords, deadLetters);
                if (Ingestion.eventOnly(m)) {
                    run.add(m);
                    runRecords.add(r);
                } else {
                    applyOne(m, r, deadLetters);
                }
            }
            applyRun(run, runRecords, deadLetters);
        }
    }

    private void applyRun(List<SegmentMessage> run, List<ConsumerRecord<byte[], byte[]>> records,
            KafkaProducer<byte[], byte[]> deadLetters) {
        if (run.isEmpty()) {
            return;
        }
        try {
            ingestion.applyEvents(SOURCE, run.get(0).leadId(), List.copyOf(run));
        } catch (ProblemException refused) {
            // one of them is refused: apply them one by one to keep the others
            for (int i = 0; i < run.size(); i++) {
                applyOne(run.get(i), records.get(i), deadLetters);
            }
        }
        run.clear();
        records.clear();
    }

    private void applyOne(SegmentMessage m, ConsumerRecord<byte[], byte[]> r, KafkaProducer<byte[], byte[]> deadLetters) {
        try {
            ingestion.apply(SOURCE, m);
        } catch (ProblemException refused) {
            deadLetter(deadLetters, r, refused.getMessage());
        }
    }

    /** The record as a Segment call; a call naming no one is about the lead its key names. */
    private SegmentMessage read(ConsumerRecord<byte[], byte[]> r, String key) {
        JsonNode node;
        try {
            node = r.value() == null ? null : json.readTree(r.value());
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("the value is not JSON: " + e.getMessage(), null);
        }
        if (node instanceof ObjectNode call && !call.hasNonNull("userId") && !call.hasNonNull("anonymousId") && !key.isEmpty()) {
            call.put("userId", key);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        SegmentMessage m = SegmentMessage.read(node, null, "", mapping, json, clock.instant(), errors);
        if (m == null) {
            throw ProblemException.invalidFields(errors);
        }
        return m;
    }

    private void deadLetter(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> r, String reason) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(config.kafka().deadLetterTopic(), null, r.key(), r.value());
        for (Header h : r.headers()) {
            out.headers().add(h);
        }
        out.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
                .add("dead-letter-topic", r.topic().getBytes(StandardCharsets.UTF_8))
                .add("dead-letter-partition", String.valueOf(r.partition()).getBytes(StandardCharsets.UTF_8))
                .add("dead-letter-offset", String.valueOf(r.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(out).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the dead-letter topic", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to the dead-letter topic: " + e.getCause().getMessage(), e);
        }
        LOG.warnf("Kafka record %s-%d@%d sent to %s: %s", r.topic(), r.partition(), r.offset(),
                config.kafka().deadLetterTopic(), reason);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> in = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(in.get(in.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void measureLag(KafkaConsumer<byte[], byte[]> c) {
        long total = 0;
        for (TopicPartition tp : c.assignment()) {
            OptionalLong l = c.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
            }
        }
        lag.set(total);
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_AFTER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Properties consumerProperties(IngestConfig.Kafka k) {
        Properties p = new Properties();
        p.putAll(k.client());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, k.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(k.maxPollRecords()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static Properties producerProperties(IngestConfig.Kafka k) {
        Properties p = new Properties();
        p.putAll(k.client());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
