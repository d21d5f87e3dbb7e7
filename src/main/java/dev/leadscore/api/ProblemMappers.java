package dev.leadscore.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;


/** Turns every failure into an {@code application/problem+json} answer. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    // the specific Jackson types are named so that these mappers win over the framework's own
    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JacksonException e) {
        if (e instanceof JsonParseException) {
            return respond(new Problem("/problems/malformed-json", "Malformed JSON", 400,
                    "The body is not valid JSON: " + e.getOriginalMessage(), null));
        }
        String field = e instanceof JsonMappingException m ? path(m) : null;
        String message = e instanceof InvalidFormatException f
                ? "cannot read '" + f.getValue() + "' as " + describe(f.getTargetType())
                : e instanceof MismatchedInputException mi && mi.getTargetType() != null
                        ? "expected " + describe(mi.getTargetType())
                        : e.getOriginalMessage();
        if (field == null || field.isEmpty()) {
            return respond(new Problem("/problems/invalid-request", "Invalid request", 400, message, null));
        }
        return problem(ProblemException.invalidField(field, message));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(field(v), v.getMessage()));
        }
        return problem(ProblemException.invalidFields(errors));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return unreadableJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(new Problem("about:blank", title, status, e.getMessage(), null));
    }

    /** The JSON path of a violated constraint: {@code techStack[1]}, not {@code techStack[1].<list element>}. */
    public static String field(ConstraintViolation<?> violation) {
        return violation.getPropertyPath().toString().replaceAll("\\.<[^>]*>", "");
    }

    /** "company.employees", "[2].occurredAt" */
    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "the expected type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-03-03T12:00:00Z";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
