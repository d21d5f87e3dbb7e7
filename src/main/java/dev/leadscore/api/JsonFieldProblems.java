package dev.leadscore.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Reads on past a value of the wrong type (text where a number is expected, an object where a
 * string is) while a request body is read, noting its field instead of stopping at the first, so
 * that one answer names every unreadable field. Only bodies read through {@link #collecting}
 * are lenient; the field is left empty and the body is refused at the end.
 */
public final class JsonFieldProblems extends DeserializationProblemHandler {
    private static final ThreadLocal<List<Problem.FieldError>> COLLECTING = new ThreadLocal<>();

    /** A body reading that may fail with an I/O error. */
    public interface Read<T> {
        T read() throws IOException;
    }

    /** Runs {@code read}, returning what it read and every unreadable field it went past. */
    public static <T> Outcome<T> collecting(Read<T> read) throws IOException {
        List<Problem.FieldError> previous = COLLECTING.get();
        List<Problem.FieldError> problems = new ArrayList<>();
        COLLECTING.set(problems);
        try {
            return new Outcome<>(read.read(), problems);
        } finally {
            if (previous == null) {
                COLLECTING.remove();
            } else {
                COLLECTING.set(previous);
            }
        }
    }

    public record Outcome<T>(T value, List<Problem.FieldError> problems) {
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
        return note(ctxt.getParser(), targetType, "cannot read '" + value + "' as " + ProblemMappers.describe(targetType));
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
        return note(ctxt.getParser(), targetType, "cannot read " + value + " as " + ProblemMappers.describe(targetType));
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) throws IOException {
        Object handled = note(p, targetType.getRawClass(), "expected " + ProblemMappers.describe(targetType.getRawClass()));
        if (handled != NOT_HANDLED) {
            p.skipChildren();
        }
        return handled;
    }

    private static Object note(JsonParser p, Class<?> targetType, String message) {
        List<Problem.FieldError> problems = COLLECTING.get();
        if (problems == null || targetType.isPrimitive()) {
            return NOT_HANDLED;
        }
        problems.add(new Problem.FieldError(path(p), message));
        return null;
    }

    /** "company.employees", "[2].occurredAt": where the parser stands. */
    private static String path(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        StringBuilder path = new StringBuilder();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                path.insert(0, "[" + context.getCurrentIndex() + "]" + (path.isEmpty() || path.charAt(0) == '[' ? "" : "."));
            } else if (context.getCurrentName() != null) {
                path.insert(0, (path.isEmpty() || path.charAt(0) == '[' ? "" : ".")).insert(0, context.getCurrentName());
            }
        }
        return path.toString();
    }
}
