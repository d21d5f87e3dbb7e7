package dev.leadscore.leads;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import dev.leadscore.scoring.ActivityEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored event; unique per lead and event id, so a re-sent event is stored once. */
@Entity
@Table(name = "lead_event")
public class EventRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lead_event_seq")
    @SequenceGenerator(name = "lead_event_seq", sequenceName = "lead_event_seq", allocationSize = 50)
    public Long id;
    @Column(name = "lead_id")
    public String leadId;
    @Column(name = "event_id")
    public String eventId;
    public String type;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    /** Never changed in place once read or built: no JSON copy kept per row to compare at flush. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    public Map<String, Object> properties;
    @Column(name = "received_at")
    public Instant receivedAt;

    /** A new row for {@code input} of {@code leadId}, received at {@code receivedAt}. */
    static EventRecord of(String leadId, EventInput input, Instant receivedAt) {
        EventRecord r = new EventRecord();
        r.leadId = leadId;
        r.eventId = input.id();
        r.type = input.type();
        r.occurredAt = input.occurredAt();
        r.properties = input.properties() == null ? Map.of() : input.properties();
        r.receivedAt = receivedAt;
        return r;
    }

    ActivityEvent toFact() {
        return new ActivityEvent(eventId, type, occurredAt, properties);
    }

    public record View(String id, String type, Instant occurredAt, Map<String, Object> properties, Instant receivedAt) {
    }

    View view() {
        return new View(eventId, type, occurredAt, properties, receivedAt);
    }
}
