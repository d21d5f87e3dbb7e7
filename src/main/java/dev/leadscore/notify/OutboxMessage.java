package dev.leadscore.notify;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One announced change to deliver to one endpoint; written in the transaction of the change. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_message_seq")
    @SequenceGenerator(name = "outbox_message_seq", sequenceName = "outbox_message_seq", allocationSize = 50)
    public Long id;
    @Column(name = "stage_change_id")
    public Long stageChangeId;
    public String endpoint;
    /** The exact JSON body sent (and signed) on every attempt. */
    public String payload;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;
    @Column(name = "last_error")
    public String lastError;

    public record View(long id, long stageChangeId, String endpoint, String status, int attempts,
            Instant nextAttemptAt, Instant createdAt, Instant deliveredAt, Instant lastAttemptAt, String lastError) {
    }

    View view() {
        return new View(id, stageChangeId, endpoint, status, attempts, nextAttemptAt, createdAt, deliveredAt,
                lastAttemptAt, lastError);
    }
}
