package dev.leadscore.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes announcements for the webhook endpoints, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {
    @Inject
    NotifyConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** Queues {@code payload} for every configured endpoint; returns how many messages were written. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(long stageChangeId, Map<String, Object> payload) {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the payload of stage change " + stageChangeId, e);
        }
        Instant now = clock.instant();
        for (String endpoint : config.endpoints().keySet()) {
            OutboxMessage m = new OutboxMessage();
            m.stageChangeId = stageChangeId;
            m.endpoint = endpoint;
            m.payload = body;
            m.status = OutboxMessage.PENDING;
            m.nextAttemptAt = now;
            m.createdAt = now;
            m.persist();
        }
        return config.endpoints().size();
    }
}
