package dev.leadscore.reliability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a JSON body announced larger than {@code leadscore.limits.max-body-size} with a 413
 * problem before reading it. Other bodies (backtest uploads of CRM exports) and bodies sent
 * without a length are limited by the HTTP server's {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodySizeLimit {
    @Inject
    LimitsConfig limits;
    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) throws JsonProcessingException {
        long max = limits.maxBodySize().asLongValue();
        String problem = mapper.writeValueAsString(new Problem("/problems/body-too-large", "Body too large", 413,
                "Request bodies are limited to " + max + " bytes; send events in several batches", null));
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (length != null && type != null && type.toLowerCase().contains("json") && tooLong(length, max)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
            } else {
                context.next();
            }
        });
    }

    private static boolean tooLong(String length, long max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
