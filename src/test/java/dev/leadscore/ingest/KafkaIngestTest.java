package dev.leadscore.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.leadscore.lifecycle.LifecycleTestProfile;
import dev.leadscore.lifecycle.TestClock;

/**
 * The Kafka path against a real broker: 10,000 events for 500 leads, the consumer restarted in
 * the middle of the stream and part of the stream delivered twice; every event is stored exactly
 * once, and a malformed record lands in the dead-letter topic with its reason.
 */
@QuarkusTest
@TestProfile(LifecycleTestProfile.class)
class KafkaIngestTest {
    static final int LEADS = 500;
    static final int EVENTS_PER_LEAD = 20;

    @Inject
    KafkaIngest consumer;
    @Inject
    TestClock clock;
    @Inject
    DataSource db;
    @Inject
    MeterRegistry metrics;

    @Test
    void tenThousandEventsCountExactlyOnceAcrossARestartAndRedeliveries() throws Exception {
        String run = "k" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = clock.instant().minus(Duration.ofDays(2));
        List<ProducerRecord<String, String>> first = new ArrayList<>();
        List<ProducerRecord<String, String>> second = new ArrayList<>();
        for (int lead = 0; lead < LEADS; lead++) {
            String leadId = run + "-" + lead;
            for (int e = 0; e < EVENTS_PER_LEAD; e++) {
                // keyed by lead id; the lead id is the key only, as a stream keyed by lead may send it
                String value = """
                        {"type": "track", "event": "Webinar Attended", "messageId": "%s-%d-%d",
                         "timestamp": "%s", "properties": {"webinar": "w%d"}}"""
                        .formatted(run, lead, e, t0.plusSeconds(e * 60L), e);
                (e < EVENTS_PER_LEAD / 2 ? first : second).add(new ProducerRecord<>(KafkaBroker.TOPIC, leadId, value));
            }
        }
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, first);
            producer.send(new ProducerRecord<>(KafkaBroker.TOPIC, run + "-0", "{\"type\": \"track\", \"event\": ")).get();

            // mid-stream: the consumer is stopped and started again
            await("a part of the first half is stored", () -> events(run) >= 1000, Duration.ofMinutes(3));
            consumer.stop();
            long atRestart = events(run);
            consumer.start();
            assertThat(atRestart).isLessThan((long) LEADS * EVENTS_PER_LEAD);

            send(producer, second);
            // and a producer retry delivers the first 2,000 records again
            send(producer, first.subList(0, 2000));
        }
        await("every event stored", () -> events(run) >= (long) LEADS * EVENTS_PER_LEAD, Duration.ofMinutes(5));
        await("the consumer caught up", () -> consumer.lag() == 0 && receipts(run) >= 10_000, Duration.ofMinutes(2));

        assertThat(events(run)).isEqualTo((long) LEADS * EVENTS_PER_LEAD);
        assertThat(receipts(run)).isEqualTo((long) LEADS * EVENTS_PER_LEAD);
        assertThat(scalar("select count(*) from (select lead_id from lead_event where lead_id like ? group by lead_id "
                + "having count(*) = " + EVENTS_PER_LEAD + ") full_leads", run + "-%")).isEqualTo(LEADS);
        assertThat(metrics.get("leadscore.kafka.consumer.lag").gauge().value()).isZero();

        ConsumerRecord<String, String> dead = deadLetter(run + "-0");
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("not JSON");
        assertThat(dead.value()).isEqualTo("{\"type\": \"track\", \"event\": ");
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaBroker.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p);
    }

    private static void send(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records) {
        records.forEach(producer::send);
        producer.flush();
    }

    private static ConsumerRecord<String, String> deadLetter(String key) throws InterruptedException {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaBroker.bootstrapServers());
        p.put("group.id", "test-dlq-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(KafkaBroker.DEAD_LETTERS));
            Instant until = Instant.now().plus(Duration.ofMinutes(1));
            while (Instant.now().isBefore(until)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record for " + key + " in the dead-letter topic");
    }

    private long events(String run) {
        return scalar("select count(*) from lead_event where lead_id like ?", run + "-%");
    }

    private long receipts(String run) {
        return scalar("select count(*) from ingest_receipt where source = 'kafka' and message_key like ?", "track:" + run + "-%");
    }

    private long scalar(String sql, String parameter) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition, checking it every 200 ms. */
    private static void await(String what, java.util.function.BooleanSupplier condition, Duration atMost)
            throws InterruptedException {
        Instant until = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
