package dev.leadscore.api;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A request the service refuses, with the problem document to answer it with. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(new Problem("/problems/invalid-request", "Invalid request", 400, detail, errors));
    }

    /** One 400 naming every field in {@code errors}, sorted by field. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        List<Problem.FieldError> sorted = errors.stream().sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        return badRequest(sorted.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), sorted);
    }

    public static ProblemException invalidField(String field, String message) {
        return badRequest(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem("/problems/forbidden", "Forbidden", 403, detail, null));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(new Problem("/problems/not-found", "Not found", 404, what, null));
    }
}
