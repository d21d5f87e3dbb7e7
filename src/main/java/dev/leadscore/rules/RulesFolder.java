package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * The rules folder on disk: written when a version is published or re-activated through the API
 * (so disk and database agree), and watched for edits made there (a spreadsheet saved in place, a
 * git deploy). The watch polls the content hash of each model folder and acts once it has stayed
 * the same for two polls in a row, so a folder half-way through being copied is not built.
 */
@ApplicationScoped
public class RulesFolder {
    private static final Logger LOG = Logger.getLogger(RulesFolder.class);

    @Inject
    RulesConfig rules;
    @Inject
    GovernanceConfig config;
    @Inject
    RulesetRegistry registry;
    @Inject
    RulesetVersions versions;

    /** Per model: the folder version last acted on, and the one seen on the previous poll. */
    private final Map<String, String> handled = new HashMap<>();
    private final Map<String, String> seen = new HashMap<>();
    private ScheduledExecutorService watch;

    void startWatching() {
        registry.states().forEach((model, state) -> {
            if (state.active() != null) {
                handled.put(model, state.active().version());
            }
        });
        Duration every = config.watchInterval();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rules-folder-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(this::pollSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Checking the rules folder failed");
        }
    }

    /** One look at every model folder; builds the ones whose content changed and then held still. */
    synchronized void poll() {
        for (Path folder : modelFolders()) {
            String model = folder.getFileName().toString();
            RuleFiles files;
            try {
                files = RuleFiles.read(folder);
            } catch (UncheckedIOException e) {
                registry.refused(model, List.of(BuildProblem.inFile(null, e.getCause().getMessage())));
                continue;
            }
            String version = files.version();
            if (files.isEmpty() || version.equals(handled.get(model))) {
                seen.remove(model);
                continue;
            }
            if (!version.equals(seen.put(model, version))) {
                continue; // changed since the last poll: wait until it holds still
            }
            handled.put(model, version);
            seen.remove(model);
            if (registry.active(model).map(r -> r.version().equals(version)).orElse(false)) {
                continue;
            }
            LOG.infof("Rules folder of model '%s' changed to version %s; building it", model, version);
            versions.fromFolder(model, files);
        }
    }

    /**
     * Replaces the files of {@code model}'s folder by {@code files}: each written to a temporary
     * file and moved into place, rule files not in the version removed.
     */
    synchronized void write(String model, RuleFiles files) {
        Path folder = Path.of(rules.dir()).resolve(model);
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                Path tmp = Files.createTempFile(folder, ".upload-", ".tmp");
                Files.write(tmp, f.getValue());
                Files.move(tmp, folder.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            for (String stale : RuleFiles.read(folder).files().keySet()) {
                if (!files.files().containsKey(stale)) {
                    Files.delete(folder.resolve(stale));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rules folder " + folder.toAbsolutePath(), e);
        }
        handled.put(model, files.version());
        seen.remove(model);
    }

    boolean exists(String model) {
        return Files.exists(Path.of(rules.dir()).resolve(model));
    }

    /** Moves a retired model's folder to {@code .retired/<model>-<instant>} so it is no longer loaded. */
    synchronized void setAside(String model, java.time.Instant at) {
        Path from = Path.of(rules.dir()).resolve(model);
        Path to = Path.of(rules.dir()).resolve(".retired").resolve(model + "-" + at.toEpochMilli());
        try {
            Files.createDirectories(to.getParent());
            if (Files.exists(from)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set aside the folder of model " + model, e);
        }
        handled.remove(model);
        seen.remove(model);
    }

    private List<Path> modelFolders() {
        Path dir = Path.of(rules.dir());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> RulesetRegistry.MODEL_NAME.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void stop() {
        if (watch != null) {
            watch.shutdownNow();
        }
    }
}
