package dev.leadscore.api;

import java.util.List;

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

    /** A 400 naming every offending field, its detail listing them all. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        return badRequest(errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request"), errors);
    }

    public static ProblemException invalidField(String field, String message) {
        return badRequest(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(new Problem("/problems/not-found", "Not found", 404, what, null));
    }
}
