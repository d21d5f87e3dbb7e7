package dev.leadscore.leads;

import java.lang.annotation.ElementType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import dev.leadscore.api.Instants;
import dev.leadscore.api.LeadIds;
import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.api.Records;

/**
 * Checks what integrations send before anything is stored, collecting every offending field
 * under its JSON path ({@code company.employees}, {@code [3].type}) into one 400 problem.
 */
@ApplicationScoped
public class InputCheck {
    /** Decimals with more places than this are refused (PostgreSQL's numbers stop at 16383). */
    static final int MAX_DECIMAL_PLACES = 100;

    Validator validator;

    /**
     * What integrations send is never a persistence entity, so the constraints are checked without
     * asking JPA, for every property of every event, whether it is loaded (the default resolver does).
     */
    @Inject
    void validator(ValidatorFactory validators) {
        validator = validators.usingContext().traversableResolver(new TraversableResolver() {
            @Override
            public boolean isReachable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
                return true;
            }

            @Override
            public boolean isCascadable(Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
                return true;
            }
        }).getValidator();
    }

    /** Collects the problems of one object, prefixing each field with {@code prefix}. */
    final class Collector {
        private final List<Problem.FieldError> errors = new ArrayList<>();

        Collector check(Object value, String prefix) {
            for (ConstraintViolation<Object> v : validator.validate(value)) {
                errors.add(new Problem.FieldError(join(prefix, ProblemMappers.field(v)), v.getMessage()));
            }
            storable(value, null, prefix, -1);
            return this;
        }

        /**
         * What the constraints cannot say of every value: no text holds a NUL character (PostgreSQL
         * cannot store it), every number is finite and has at most {@value #MAX_DECIMAL_PLACES}
         * decimal places, every instant lies in years 1-9999. Walks records, maps and lists; a
         * field the constraints already refused is not named twice. A field's path is only
         * written out when something is wrong with it.
         */
        private void storable(Object value, Where parent, String name, int index) {
            String problem = null;
            if (value instanceof String text) {
                problem = text.indexOf('\0') >= 0 ? "must not contain the NUL character (\\u0000)" : null;
            } else if (value instanceof Number number) {
                problem = numberProblem(number);
            } else if (value instanceof Instant instant) {
                problem = Instants.inRange(instant) ? null : Instants.RANGE;
            } else if (value instanceof Map<?, ?> map) {
                Where here = new Where(parent, name, index);
                map.forEach((key, item) -> {
                    if (String.valueOf(key).indexOf('\0') >= 0) {
                        addOnce(here.path(), "names must not contain the NUL character (\\u0000)");
                    } else {
                        storable(item, here, String.valueOf(key), -1);
                    }
                });
            } else if (value instanceof List<?> list) {
                Where here = new Where(parent, name, index);
                for (int i = 0; i < list.size(); i++) {
                    storable(list.get(i), here, null, i);
                }
            } else if (value instanceof Record record) {
                Where here = new Where(parent, name, index);
                for (Records.Component component : Records.components(record)) {
                    storable(component.read(record), here, component.name(), -1);
                }
            }
            if (problem != null) {
                addOnce(new Where(parent, name, index).path(), problem);
            }
        }

        private void addOnce(String field, String message) {
            if (errors.stream().noneMatch(e -> e.field().equals(field))) {
                add(field, message);
            }
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
                throw ProblemException.invalidFields(errors);
            }
        }
    }

    Collector collector() {
        return new Collector();
    }

    /** True when {@code id} can name a lead. */
    public static boolean isLeadId(String id) {
        return LeadIds.valid(id);
    }

    void leadId(String leadId) {
        if (!LeadIds.valid(leadId)) {
            throw LeadIds.invalid("leadId");
        }
    }

    private static String numberProblem(Number number) {
        if (number instanceof BigDecimal decimal) {
            if (decimal.stripTrailingZeros().scale() > MAX_DECIMAL_PLACES) {
                return "has more than " + MAX_DECIMAL_PLACES + " decimal places";
            }
        }
        return Double.isFinite(number.doubleValue()) ? null : "is too large a number (at most about 1.7e308)";
    }

    /** Where a value stands in a body: a field name, or an index in a list, under its parent. */
    private record Where(Where parent, String name, int index) {
        String path() {
            String above = parent == null ? "" : parent.path();
            return index >= 0 ? above + "[" + index + "]" : join(above, name);
        }
    }

    private static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path;
    }
}
