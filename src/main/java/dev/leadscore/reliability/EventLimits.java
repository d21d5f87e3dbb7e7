package dev.leadscore.reliability;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.api.Records;
import dev.leadscore.leads.EventInput;
import dev.leadscore.leads.ScoreRequest;

/**
 * Caps the events of one request and the size of each, for every endpoint that reads events,
 * before anything is scored or stored. The whole body is capped by
 * {@code quarkus.http.limits.max-body-size}.
 */
@Provider
public class EventLimits implements ReaderInterceptor {
    /** JSON bytes a value cannot be shown to stay under by counting: measure it by writing it. */
    private static final long UNBOUNDED = Long.MAX_VALUE / 4;
    /** An instant as ISO-8601 text, quotes included: at most {@code "+1000000000-12-31T23:59:59.999999999Z"}. */
    private static final int INSTANT_BYTES = 40;
    /** A number Jackson writes from a long, int or double ("-1.7976931348623157E308" is the longest). */
    private static final int NUMBER_BYTES = 26;

    // looked up per use: providers are created before configuration mappings are ready
    @Inject
    Instance<LimitsConfig> config;
    @Inject
    Instance<ObjectMapper> mapper;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof List<?> list && list.stream().anyMatch(EventInput.class::isInstance)) {
            check(list, "", config.get(), mapper.get());
        } else if (body instanceof ScoreRequest request && request.events() != null) {
            check(request.events(), "events", config.get(), mapper.get());
        }
        return body;
    }

    /** Throws a 400 problem naming the batch or each event over the limits. */
    public static void check(List<?> events, String prefix, LimitsConfig limits, ObjectMapper mapper) throws IOException {
        if (events.size() > limits.maxEventsPerBatch()) {
            String field = prefix.isEmpty() ? "events" : prefix;
            throw ProblemException.badRequest("At most " + limits.maxEventsPerBatch() + " events per request; got "
                    + events.size() + ". Send them in several batches.",
                    List.of(new Problem.FieldError(field, "at most " + limits.maxEventsPerBatch() + " events")));
        }
        List<Problem.FieldError> errors = null;
        for (int i = 0; i < events.size(); i++) {
            Object event = events.get(i);
            // an event that cannot reach the limit even with every character escaped is not written out to be measured
            if (event != null && atMostBytes(event) > limits.maxEventBytes()) {
                int bytes = mapper.writeValueAsBytes(event).length;
                if (bytes > limits.maxEventBytes()) {
                    if (errors == null) {
                        errors = new ArrayList<>();
                    }
                    errors.add(new Problem.FieldError(prefix + "[" + i + "]",
                            "is " + bytes + " bytes as JSON; at most " + limits.maxEventBytes()));
                }
            }
        }
        if (errors != null) {
            throw ProblemException.badRequest("Events too large: " + errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
    }

    /**
     * An upper bound of the bytes {@code value} takes as JSON: text counted as if every character
     * were written as a six-byte escape, the longest form of each number and instant; anything
     * else is {@link #UNBOUNDED}, so that it is measured exactly.
     */
    static long atMostBytes(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return 6L * text.length() + 2;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return NUMBER_BYTES;
        }
        if (value instanceof Boolean) {
            return 5;
        }
        if (value instanceof Instant) {
            return INSTANT_BYTES;
        }
        if (value instanceof Record record) {
            // braces, and each component's name with quotes, colon and comma
            long bytes = 64;
            for (Records.Component c : Records.components(record)) {
                bytes = sum(bytes, 6L * c.name().length() + 4 + atMostBytes(c.read(record)));
            }
            return bytes;
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    return UNBOUNDED;
                }
                bytes = sum(bytes, 6L * name.length() + 4 + atMostBytes(entry.getValue()));
            }
            return bytes;
        }
        if (value instanceof List<?> list) {
            long bytes = 2;
            for (Object item : list) {
                bytes = sum(bytes, 1 + atMostBytes(item));
            }
            return bytes;
        }
        return UNBOUNDED;
    }

    private static long sum(long a, long b) {
        return Math.min(UNBOUNDED, a + b);
    }
}
