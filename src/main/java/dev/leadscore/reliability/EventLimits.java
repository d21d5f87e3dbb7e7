package dev.leadscore.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.EventInput;
import dev.leadscore.leads.ScoreRequest;

/**
 * Caps the events of one request and the size of each, for every endpoint that reads events,
 * before anything is scored or stored. The whole body is capped by
 * {@code quarkus.http.limits.max-body-size}.
 */
@Provider
public class EventLimits implements ReaderInterceptor {
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
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) != null) {
                int bytes = mapper.writeValueAsBytes(events.get(i)).length;
                if (bytes > limits.maxEventBytes()) {
                    errors.add(new Problem.FieldError(prefix + "[" + i + "]",
                            "is " + bytes + " bytes as JSON; at most " + limits.maxEventBytes()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Events too large: " + errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
    }
}
