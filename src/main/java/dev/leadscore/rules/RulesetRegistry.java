package dev.leadscore.rules;

import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.ScoringException;
import io.quarkus.runtime.StartupEvent;

/**
 * The active ruleset of each model. A new version is built and checked completely before it
 * replaces the old one in a single reference swap, so a request holds on to the version it
 * started with and a broken version never serves.
 */
@ApplicationScoped
public class RulesetRegistry implements ActiveRulesets {
    private static final Logger LOG = Logger.getLogger(RulesetRegistry.class);
    public static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** The state of one model: the version serving, and the last failed attempt if any. */
    public record ModelState(String model, Ruleset active, List<BuildProblem> lastProblems, Instant lastFailureAt) {
    }

    private final Map<String, ModelState> models = new ConcurrentHashMap<>();

    @Inject
    RulesConfig config;
    @Inject
    RulesetBuilder builder;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent event) {
        Path dir = Path.of(config.dir());
        if (!Files.isDirectory(dir.resolve(config.defaultModel()))) {
            throw new IllegalStateException("The default model folder " + dir.resolve(config.defaultModel()).toAbsolutePath()
                    + " does not exist; set leadscore.rules.dir to the folder holding the models");
        }
        for (Path folder : modelFolders(dir)) {
            String model = folder.getFileName().toString();
            try {
                load(model, RuleFiles.read(folder));
            } catch (RulesetBuildException e) {
                // RulesetVersions falls back to the last good version stored in the database
                LOG.error(e.getMessage());
            } catch (UncheckedIOException e) {
                LOG.error(e.getCause().getMessage());
                refused(model, List.of(BuildProblem.inFile(null, e.getCause().getMessage())));
            }
        }
    }

    private static List<Path> modelFolders(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> MODEL_NAME.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the rules folder " + dir.toAbsolutePath(), e);
        }
    }

    /**
     * Builds the files, checks the result scores a lead, and makes it the active version of the
     * model. On failure the active version stays and the problems are kept for reporting.
     */
    public Ruleset load(String model, RuleFiles files) throws RulesetBuildException {
        Ruleset current = active(model).orElse(null);
        if (current != null && current.version().equals(files.version())) {
            return current;
        }
        try {
            return activate(builder.build(model, files));
        } catch (RulesetBuildException e) {
            refused(model, e.problems());
            throw e;
        }
    }

    /**
     * Makes an already built version the active one in a single swap; requests that already hold
     * the previous version finish on it. Refused (the active version stays) when it cannot score.
     */
    public Ruleset activate(Ruleset built) throws RulesetBuildException {
        String model = built.model();
        try {
            check(built);
        } catch (RulesetBuildException e) {
            refused(model, e.problems());
            throw e;
        }
        models.put(model, new ModelState(model, built, List.of(), null));
        LOG.infof("Model '%s' version %s active (%d rules)", model, built.version(), built.ruleSources().size());
        return built;
    }

    /**
     * Serves {@code built} although the model's folder was refused ({@code problems}): the last
     * good version from the database, at start-up. The problems stay visible in GET /api/rules.
     */
    public void activateFallback(Ruleset built, List<BuildProblem> problems) throws RulesetBuildException {
        check(built);
        models.put(built.model(), new ModelState(built.model(), built, List.copyOf(problems), clock.instant()));
        LOG.warnf("Model '%s' serves its last good version %s from the database: its rules folder does not build",
                built.model(), built.version());
    }

    /** The service cannot start without its default model. */
    public void requireDefaultModel() {
        if (active(config.defaultModel()).isEmpty()) {
            ModelState s = models.get(config.defaultModel());
            throw new IllegalStateException("The default model '" + config.defaultModel() + "' does not build and has no "
                    + "earlier version in the database, refusing to start"
                    + (s == null || s.lastProblems() == null ? "" : ":\n" + s.lastProblems()));
        }
    }

    /** A retired model no longer serves. */
    public void retire(String model) {
        models.remove(model);
        LOG.infof("Model '%s' retired", model);
    }

    /** Records a refused change of {@code model}; the active version keeps serving. */
    public void refused(String model, List<BuildProblem> problems) {
        models.compute(model, (m, state) -> new ModelState(m, state == null ? null : state.active(), problems, clock.instant()));
    }

    /** A model that builds but cannot score a blank lead (a setting renamed, a band missing) is refused too. */
    public void check(Ruleset ruleset) throws RulesetBuildException {
        try {
            engine.score(ruleset, new Lead(null, null, null, null, null, null, null, null, null, null), List.of(),
                    Instant.EPOCH);
        } catch (ScoringException e) {
            throw new RulesetBuildException(ruleset.model(), List.of(new BuildProblem(null, null, null, null, e.getMessage())));
        }
    }

    @Override
    public Optional<Ruleset> active(String model) {
        ModelState state = model == null ? null : models.get(model);
        return Optional.ofNullable(state == null ? null : state.active());
    }

    /** The active ruleset of a model, or a 404 problem naming the models there are. */
    @Override
    public Ruleset require(String model) {
        return active(model).orElseThrow(() -> ProblemException.notFound(
                "Unknown model '" + model + "'; models: " + String.join(", ", activeModels())));
    }

    @Override
    public String defaultModel() {
        return config.defaultModel();
    }

    public List<String> activeModels() {
        return models.values().stream().filter(s -> s.active() != null).map(ModelState::model).sorted().toList();
    }

    public Map<String, ModelState> states() {
        return new TreeMap<>(models);
    }
}
