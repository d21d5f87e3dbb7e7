package dev.leadscore.leads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;

/**
 * Checks what integrations send before anything is stored, collecting every offending field
 * under its JSON path ({@code company.employees}, {@code [3].type}) into one 400 problem.
 */
@ApplicationScoped
public class InputCheck {
    static final java.util.regex.Pattern LEAD_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,199}");

    @Inject
    Validator validator;

    /** Collects the problems of one object, prefixing each field with {@code prefix}. */
    final class Collector {
        private final List<Problem.FieldError> errors = new ArrayList<>();

        Collector check(Object value, String prefix) {
            for (ConstraintViolation<Object> v : validator.validate(value)) {
                errors.add(new Problem.FieldError(join(prefix, v.getPropertyPath().toString()), v.getMessage()));
            }
            return this;
        }

        Collector attributes(Map<String, Object> attributes, String prefix) {
            if (attributes != null) {
                attributes.forEach((name, value) -> {
                    if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                        errors.add(new Problem.FieldError(join(prefix, "attributes." + name),
                                "must be a string, number or boolean"));
                    }
                });
            }
            return this;
        }

        Collector profile(LeadProfile profile, String prefix) {
            return check(profile, prefix).attributes(profile.attributes(), prefix);
        }

        /** Each event of a batch, under its index ({@code [3].type}). */
        Collector events(List<EventInput> events) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) == null) {
                    add("[" + i + "]", "must not be null");
                } else {
                    check(events.get(i), "[" + i + "]");
                }
            }
            return this;
        }

        Collector add(String field, String message) {
            errors.add(new Problem.FieldError(field, message));
            return this;
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparing(Problem.FieldError::field));
                throw ProblemException.badRequest(errors.stream().map(e -> e.field() + ": " + e.message())
                        .reduce((a, b) -> a + "; " + b).orElse(""), errors);
            }
        }
    }

    Collector collector() {
        return new Collector();
    }

    /** True when {@code id} can name a lead. */
    public static boolean isLeadId(String id) {
        return id != null && LEAD_ID.matcher(id).matches();
    }

    void leadId(String leadId) {
        if (leadId == null || !LEAD_ID.matcher(leadId).matches()) {
            throw ProblemException.invalidField("leadId",
                    "must be 1-200 characters: letters, digits and _ . : @ + - (not starting with a symbol)");
        }
    }

    private static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path;
    }
}
