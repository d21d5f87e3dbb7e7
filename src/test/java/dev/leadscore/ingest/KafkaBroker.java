package dev.leadscore.ingest;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real Kafka broker (KRaft, one combined node) in the test JVM, with the ingest topics created. */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {
    static final String TOPIC = "test.segment-events";
    static final String DEAD_LETTERS = "test.segment-events.dlq";
    static final int PARTITIONS = 3;
    private static volatile String bootstrapServers;
    private KafkaClusterTestKit cluster;

    static String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> start() {
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrapServers = cluster.bootstrapServers();
            Properties admin = new Properties();
            admin.put("bootstrap.servers", bootstrapServers);
            try (Admin a = Admin.create(admin)) {
                a.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1), new NewTopic(DEAD_LETTERS, 1, (short) 1)))
                        .all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
        }
        return Map.of(
                "leadscore.ingest.kafka.enabled", "true",
                "leadscore.ingest.kafka.bootstrap-servers", bootstrapServers,
                "leadscore.ingest.kafka.topic", TOPIC,
                "leadscore.ingest.kafka.dead-letter-topic", DEAD_LETTERS,
                "leadscore.ingest.kafka.group-id", "test-ingest");
    }

    @Override
    public void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
