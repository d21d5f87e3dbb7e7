package dev.leadscore.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A model's files do not build into a working ruleset; the problems name file and line or cell. */
public class RulesetBuildException extends Exception {
    private final String model;
    private final List<BuildProblem> problems;

    public RulesetBuildException(String model, List<BuildProblem> problems) {
        super("Model '" + model + "' does not build:\n  "
                + problems.stream().map(BuildProblem::toString).collect(Collectors.joining("\n  ")));
        this.model = model;
        this.problems = List.copyOf(problems);
    }

    public String model() {
        return model;
    }

    public List<BuildProblem> problems() {
        return problems;
    }
}
