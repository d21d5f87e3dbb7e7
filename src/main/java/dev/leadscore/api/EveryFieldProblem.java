package dev.leadscore.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * A body with several fields of the wrong type is refused once, naming every one of them, and with
 * them every field its constraints refuse, as one 400 problem (rather than the first field only).
 */
@Provider
@Priority(Priorities.USER - 100)
public class EveryFieldProblem implements ReaderInterceptor {
    // looked up per use: providers are created before the validator is ready
    @Inject
    Instance<Validator> validator;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        JsonFieldProblems.Outcome<Object> read = JsonFieldProblems.collecting(context::proceed);
        if (read.problems().isEmpty()) {
            return read.value();
        }
        List<Problem.FieldError> errors = new ArrayList<>(read.problems());
        if (read.value() instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                violations(list.get(i), "[" + i + "]", errors);
            }
        } else {
            violations(read.value(), "", errors);
        }
        throw ProblemException.invalidFields(errors);
    }

    /** The constraint violations of {@code value}, but for fields already named (left empty because unreadable). */
    private void violations(Object value, String prefix, List<Problem.FieldError> errors) {
        if (value == null || value instanceof String || value instanceof Number) {
            return;
        }
        for (ConstraintViolation<Object> v : validator.get().validate(value)) {
            String path = ProblemMappers.field(v);
            String field = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path;
            if (errors.stream().noneMatch(e -> e.field().equals(field))) {
                errors.add(new Problem.FieldError(field, v.getMessage()));
            }
        }
    }
}
