package dev.leadscore.rules;

import dev.leadscore.scoring.WhatIf;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.scoring.RulesetActivated;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.StoredLeads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/**
 * Versions of the rulesets: drafts uploaded by Marketing Ops (validated, with a what-if on stored
 * leads), publishing and re-activating a version (swap, record, write the rules folder, re-score),
 * and changes picked up from the rules folder. Every version ever built is stored with its files,
 * whether it passed or not; a version that fails leaves the active one serving.
 */
@ApplicationScoped
public class RulesetVersions {
    private static final Logger LOG = Logger.getLogger(RulesetVersions.class);
    private static final int BUILT_VERSIONS_KEPT = 8;
    /** The version an activation names when the model was retired. */
    static final String RETIRED = "retired";

    @Inject
    RulesetRegistry registry;
    @Inject
    RulesetBuilder builder;
    @Inject
    ScoringEngine engine;
    @Inject
    StoredLeads leads;
    @Inject
    RescoreProgress.Source rescoring;
    @Inject
    Event<RulesetActivated> activated;
    @Inject
    RulesFolder folder;
    @Inject
    GovernanceConfig config;
    @Inject
    Clock clock;
    @Inject
    ModelLocks locks;
    @Inject
    RulesSync sync;

    /** Versions built recently, so publishing a draft just checked does not build it again. */
    private final Map<String, Ruleset> built = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ruleset> eldest) {
            return size() > BUILT_VERSIONS_KEPT;
        }
    });

    /** One uploaded part: its file name and bytes. */
    public record Upload(String fileName, byte[] bytes) {
    }

    /** A version as the API lists it. */
    public record VersionView(long id, String model, String version, String status, boolean active, String origin,
            Instant createdAt, String createdBy, Instant publishedAt, String publishedBy, String changeSummary,
            List<String> files, List<BuildProblem> validation) {
    }

    /** The answer to a draft upload: the version, whether it passed, what it would do, what changed. */
    public record DraftView(VersionView draft, WhatIf.Report whatIf, RulesetDiff diff) {
    }

    /** The answer to publishing or re-activating: the version now live and the re-scoring job. */
    public record Activation(VersionView version, RescoreProgress rescoring) {
    }

    // after RulesetRegistry has loaded the folder (default observer priority APPLICATION + 500)
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        // a model whose folder does not build serves its last good version from the database
        java.util.Set<String> fallback = new java.util.HashSet<>();
        registry.states().forEach((model, state) -> {
            if (state.active() == null) {
                RuleFiles last = QuarkusTransaction.requiringNew().call(() -> {
                    ActivationRecord a = ActivationRecord.latest(model);
                    RulesetVersionRecord r = a == null ? null : RulesetVersionRecord.find(model, a.version);
                    return r == null ? null : r.ruleFiles();
                });
                if (last != null) {
                    try {
                        registry.activateFallback(build(model, last), state.lastProblems() == null ? List.of() : state.lastProblems());
                        fallback.add(model);
                    } catch (RulesetBuildException e) {
                        LOG.errorf("Model '%s': its last good version %s does not build either:%n%s", model, last.version(),
                                e.getMessage());
                    }
                }
            }
        });
        registry.requireDefaultModel();
        // a folder holding a version the database knows, but not the live one, is behind the cluster
        // (another instance published since): the database's live version wins and the folder is rewritten
        registry.states().forEach((model, state) -> {
            if (state.active() == null || fallback.contains(model)) {
                return;
            }
            RuleFiles live = QuarkusTransaction.requiringNew().call(() -> {
                ActivationRecord last = ActivationRecord.latest(model);
                if (last == null || last.version.equals(state.active().version()) || RETIRED.equals(last.version)
                        || RulesetVersionRecord.find(model, state.active().version()) == null) {
                    return null;
                }
                RulesetVersionRecord r = RulesetVersionRecord.find(model, last.version);
                return r == null ? null : r.ruleFiles();
            });
            if (live != null) {
                try {
                    registry.activate(build(model, live));
                    folder.write(model, live);
                    fallback.add(model);
                    LOG.infof("Model '%s': the rules folder held an earlier version; serving %s, live in the database",
                            model, live.version());
                } catch (RulesetBuildException e) {
                    LOG.errorf("Model '%s': the live version %s from the database does not build:%n%s", model,
                            live.version(), e.getMessage());
                }
            }
        });
        // the registry has loaded the folder: record what serves, then watch and resume. Under the
        // model's lock: instances starting together on one database record the version once
        registry.states().forEach((model, state) -> {
            if (state.active() != null && !fallback.contains(model)) {
                locks.withLock(model, () -> QuarkusTransaction.requiringNew().call(() -> {
                    RulesetVersionRecord r = store(model, state.active().files(), "folder", "rules folder",
                            RulesetVersionRecord.PUBLISHED, List.of(), null);
                    ActivationRecord last = ActivationRecord.latest(model);
                    if (last == null || !last.version.equals(r.version)) {
                        markPublished(r, "rules folder", null);
                        activation(model, r.version, "rules folder", "loaded from the rules folder at start-up");
                    }
                    return r;
                }));
                built.put(key(model, state.active().version()), state.active());
            }
        });
        folder.startWatching();
        sync.start();
    }

    /**
     * Builds and checks a draft: the uploaded files replace their namesakes in the active version
     * (a .zip replaces the whole model). A draft that fails is recorded as REJECTED and answered
     * with a problem naming each file, sheet and cell; the active version is not touched.
     */
    public DraftView draft(String model, List<Upload> uploads, String by, boolean mayChangeCode) {
        Ruleset active = registry.require(model);
        RuleFiles files = merge(active.files(), uploads);
        if (!mayChangeCode) {
            RuleCode.requireUnchanged(active.files(), files);
        }
        if (files.version().equals(active.version())) {
            throw new ProblemException(new Problem("/problems/no-change", "No change", 409, "The upload is identical to the "
                    + "active version " + active.version() + " of model '" + model + "': no draft was created", null));
        }
        String author = by == null || by.isBlank() ? "api" : by;
        Ruleset candidate;
        try {
            candidate = build(model, files);
        } catch (RulesetBuildException e) {
            QuarkusTransaction.requiringNew().run(() -> store(model, files, "api", author, RulesetVersionRecord.REJECTED,
                    e.problems(), null));
            registry.refused(model, e.problems());
            throw refused(model, files.version(), e.problems());
        }
        WhatIf.Report whatIf = whatIf(active, candidate);
        RulesetVersionRecord record = QuarkusTransaction.requiringNew().call(() ->
                store(model, files, "api", author, RulesetVersionRecord.DRAFT, List.of(), whatIf));
        return new DraftView(view(record), whatIf, RulesetDiff.between(model, active.files(), files));
    }

    /** Publishes a draft: it goes live, is recorded, written to the rules folder and the stored leads re-scored. */
    public Activation publish(String model, long draftId, String by, String summary) {
        RulesetVersionRecord draft = QuarkusTransaction.requiringNew().call(() -> {
            RulesetVersionRecord r = RulesetVersionRecord.findById(draftId);
            if (r != null) {
                r.files.size(); // load the files while the transaction is open
            }
            return r;
        });
        if (draft == null || !draft.model.equals(model)) {
            throw ProblemException.notFound("Model '" + model + "' has no draft " + draftId);
        }
        if (RulesetVersionRecord.REJECTED.equals(draft.status)) {
            throw conflict("Draft " + draftId + " failed validation and cannot be published; upload a corrected file");
        }
        return goLive(draft, by, summary == null || summary.isBlank() ? defaultSummary(model, draft.ruleFiles()) : summary,
                "published");
    }

    /** Re-activates a stored version (rollback), the same way a publish goes live. */
    public Activation activate(String model, String version, String by) {
        RulesetVersionRecord record = QuarkusTransaction.requiringNew().call(() -> {
            RulesetVersionRecord r = RulesetVersionRecord.find(model, version);
            if (r != null) {
                r.files.size();
            }
            return r;
        });
        if (record == null) {
            throw ProblemException.notFound("Model '" + model + "' has no version " + version);
        }
        if (RulesetVersionRecord.REJECTED.equals(record.status)) {
            throw conflict("Version " + version + " failed validation and cannot be activated");
        }
        return goLive(record, by, null, "re-activated");
    }

    /**
     * Creates a model from {@code files}: built and checked like a publish, written to its folder,
     * recorded and live, or refused as a whole (nothing is created).
     */
    public Activation create(String model, RuleFiles files, String by) {
        return locks.withLock(model, () -> {
            if (registry.states().containsKey(model) || folder.exists(model)) {
                throw conflict("Model '" + model + "' already exists");
            }
            Ruleset candidate;
            try {
                candidate = build(model, files);
            } catch (RulesetBuildException e) {
                throw refused(model, files.version(), e.problems());
            }
            String who = by == null || by.isBlank() ? "api" : by;
            RulesetVersionRecord record = QuarkusTransaction.requiringNew().call(() ->
                    store(model, files, "api", who, RulesetVersionRecord.DRAFT, List.of(), null));
            return swap(record, candidate, who, "model created", "created by " + who, true);
        });
    }

    /** Retires a model: it no longer scores; its folder is set aside and its stored versions and leads are kept. */
    public void retire(String model, String by) {
        locks.withLock(model, () -> {
            registry.require(model);
            if (model.equals(registry.defaultModel())) {
                throw conflict("Model '" + model + "' is the default model and cannot be retired");
            }
            folder.setAside(model, clock.instant());
            QuarkusTransaction.requiringNew().run(() -> activation(model, RETIRED, by == null ? "api" : by,
                    "retired by " + (by == null ? "api" : by)));
            registry.retire(model);
            return null;
        });
    }

    /** A change found in the rules folder: recorded, and live if it passes; otherwise recorded as refused. */
    void fromFolder(String model, RuleFiles files) {
        Ruleset candidate;
        try {
            candidate = build(model, files);
        } catch (RulesetBuildException e) {
            LOG.errorf("The rules folder of model '%s' was changed to a version that is refused; the active version keeps serving.%n%s",
                    model, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> store(model, files, "folder", "rules folder",
                    RulesetVersionRecord.REJECTED, e.problems(), null));
            registry.refused(model, e.problems());
            return;
        }
        RulesetVersionRecord record = QuarkusTransaction.requiringNew().call(() ->
                store(model, files, "folder", "rules folder", RulesetVersionRecord.DRAFT, List.of(), null));
        try {
            locks.withLock(model, () -> swap(record, candidate, "rules folder", defaultSummary(model, files),
                    "changed in the rules folder", false));
        } catch (ProblemException e) {
            LOG.errorf("Version %s of model '%s' from the rules folder was refused: %s", files.version(), model,
                    e.getMessage());
        }
    }

    private Activation goLive(RulesetVersionRecord record, String by, String summary, String how) {
        return locks.withLock(record.model, () -> goLiveLocked(record, by, summary, how));
    }

    private Activation goLiveLocked(RulesetVersionRecord record, String by, String summary, String how) {
        Ruleset candidate;
        try {
            candidate = build(record.model, record.ruleFiles());
        } catch (RulesetBuildException e) {
            throw refused(record.model, record.version, e.problems());
        }
        String who = by == null || by.isBlank() ? "api" : by;
        return swap(record, candidate, who, summary, how + " by " + who, true);
    }

    /** Records the version as published and live, swaps it in, writes the folder and starts re-scoring. */
    private Activation swap(RulesetVersionRecord record, Ruleset candidate, String by, String summary, String reason,
            boolean writeFolder) {
        try {
            registry.check(candidate);
        } catch (RulesetBuildException e) {
            throw refused(record.model, record.version, e.problems());
        }
        if (writeFolder) {
            // first, so a folder that cannot be written stops the change before anything went live
            try {
                folder.write(record.model, candidate.files());
            } catch (java.io.UncheckedIOException e) {
                throw new ProblemException(new Problem("/problems/rules-folder", "Rules folder not writable", 500,
                        e.getMessage() + "; the change did not go live", null));
            }
        }
        RulesetVersionRecord published = QuarkusTransaction.requiringNew().call(() -> {
            RulesetVersionRecord r = RulesetVersionRecord.findById(record.id);
            markPublished(r, by, summary);
            activation(r.model, r.version, by, reason);
            return r;
        });
        try {
            registry.activate(candidate);
        } catch (RulesetBuildException e) {
            throw refused(record.model, record.version, e.problems());
        }
        activated.fire(new RulesetActivated(record.model, record.version));
        return new Activation(view(published), rescoring.latest(record.model).orElse(null));
    }

    public List<VersionView> versions(String model) {
        registry.require(model);
        return QuarkusTransaction.requiringNew().call(() -> RulesetVersionRecord
                .<RulesetVersionRecord>list("model", Sort.descending("createdAt", "id"), model).stream()
                .map(this::view).toList());
    }

    /**
     * The diff between two stored versions; {@code from} defaults to the version live before the
     * active one, {@code to} to the active one.
     */
    public RulesetDiff diff(String model, String from, String to) {
        Ruleset active = registry.require(model);
        String target = to == null || to.isBlank() ? active.version() : to;
        String source = from == null || from.isBlank() ? previousVersion(model, target) : from;
        if (source == null) {
            throw ProblemException.invalidField("from", "version " + target + " has no earlier version; name one with ?from=");
        }
        return RulesetDiff.between(model, files(model, source, "from"), files(model, target, "to"));
    }

    /**
     * What a stored version says, for review, without compiling anything: its tables read as rules
     * (each row's conditions and what it gives), then the DRL that is compiled for it (the product's
     * table rules and the model's *.drl files as written).
     */
    public String generatedDrl(String model, String version) {
        registry.require(model);
        return RulesetView.render(model, version, files(model, version, "version"));
    }

    /** The version that was live before {@code version} became live. */
    private String previousVersion(String model, String version) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<ActivationRecord> log = ActivationRecord.<ActivationRecord>list("model",
                    Sort.descending("activatedAt", "id"), model);
            boolean passed = false;
            for (ActivationRecord a : log) {
                if (passed && !a.version.equals(version)) {
                    return a.version;
                }
                passed |= a.version.equals(version);
            }
            return null;
        });
    }

    /** The files of a stored version, for download; 404 naming what is missing. */
    public RuleFiles storedFiles(String model, String version) {
        RuleFiles files = version == null || !version.matches("[0-9a-f]{16}") ? null
                : QuarkusTransaction.requiringNew().call(() -> {
                    RulesetVersionRecord r = RulesetVersionRecord.find(model, version);
                    return r == null ? null : r.ruleFiles();
                });
        if (files == null) {
            throw ProblemException.notFound("Model '" + model + "' has no version '" + version + "'");
        }
        return files;
    }

    private RuleFiles files(String model, String version, String field) {
        Ruleset cached = built.get(key(model, version));
        if (cached != null) {
            return cached.files();
        }
        RuleFiles files = QuarkusTransaction.requiringNew().call(() -> {
            RulesetVersionRecord r = RulesetVersionRecord.find(model, version);
            return r == null ? null : r.ruleFiles();
        });
        if (files == null) {
            throw ProblemException.invalidField(field, "model '" + model + "' has no version " + version);
        }
        return files;
    }

    private Ruleset build(String model, RuleFiles files) throws RulesetBuildException {
        Ruleset cached = built.get(key(model, files.version()));
        if (cached != null) {
            return cached;
        }
        Ruleset ruleset = builder.build(model, files);
        registry.check(ruleset);
        built.put(key(model, files.version()), ruleset);
        return ruleset;
    }

    /** Scores every stored lead of the model (up to the configured number) under both versions, as of now. */
    private WhatIf.Report whatIf(Ruleset active, Ruleset candidate) {
        Instant asOf = clock.instant();
        WhatIf whatIf = new WhatIf(active.model(), active.version(), candidate.version(), asOf, config.whatIfMovers());
        String after = null;
        int scored = 0;
        int batchSize = Math.max(1, config.rescoreBatchSize());
        while (scored < config.whatIfMaxLeads()) {
            List<StoredLeads.StoredLead> batch = leads.storedLeads(active.model(), after,
                    Math.min(batchSize, config.whatIfMaxLeads() - scored));
            if (batch.isEmpty()) {
                return whatIf.report(true);
            }
            for (StoredLeads.StoredLead lead : batch) {
                whatIf.add(lead.id(), engine.score(active, lead.lead(), lead.events(), asOf),
                        engine.score(candidate, lead.lead(), lead.events(), asOf));
                after = lead.id();
            }
            scored += batch.size();
        }
        return whatIf.report(leads.storedLeads(active.model(), after, 1).isEmpty());
    }

    /** The files of the draft: the active ones with the uploads replacing their namesakes, or a .zip's files. */
    private RuleFiles merge(RuleFiles active, List<Upload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            throw ProblemException.invalidField("file", "upload one or more parts named 'file' (a table .xlsx, a .drl, "
                    + RuleFiles.EXAMPLES + " or a .zip of the whole model)");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        long total = 0;
        Map<String, byte[]> files = new TreeMap<>(active.files());
        boolean zip = uploads.stream().anyMatch(u -> lower(u.fileName()).endsWith(".zip"));
        if (zip && uploads.size() > 1) {
            throw ProblemException.invalidField("file", "a .zip replaces the whole model; upload it alone");
        }
        for (Upload u : uploads) {
            String name = baseName(u.fileName());
            total += u.bytes().length;
            if (u.bytes().length > config.maxFileBytes() && !zip) {
                errors.add(new Problem.FieldError(name, "the file is larger than the limit of " + config.maxFileBytes() + " bytes"));
            } else if (zip) {
                files = unzip(name, u.bytes(), errors);
            } else if (!RuleFiles.isRuleFile(name)) {
                errors.add(new Problem.FieldError(name, "not a rule file: upload tables (*.xlsx), *.drl, "
                        + RuleFiles.EXAMPLES + " or a .zip"));
            } else {
                files.put(name, u.bytes());
            }
        }
        if (total > config.maxModelBytes()) {
            errors.add(new Problem.FieldError("file", "the upload is larger than the limit of " + config.maxModelBytes() + " bytes"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        return RuleFiles.of(files);
    }

    /** The rule files of an uploaded .zip (folders inside it ignored), within the configured limits. */
    private Map<String, byte[]> unzip(String zipName, byte[] bytes, List<Problem.FieldError> errors) {
        Map<String, byte[]> files = new TreeMap<>();
        String link = linkIn(bytes);
        if (link != null) {
            errors.add(new Problem.FieldError(zipName + "!" + link, "a symbolic link or special file; a model's files are "
                    + "regular files"));
            return files;
        }
        int entries = 0;
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > config.maxZipEntries()) {
                    errors.add(new Problem.FieldError(zipName, "more than " + config.maxZipEntries() + " entries"));
                    return files;
                }
                String name = baseName(e.getName());
                if (e.isDirectory() || !RuleFiles.isRuleFile(name)) {
                    continue;
                }
                byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxFileBytes() + 1));
                total += content.length;
                if (content.length > config.maxFileBytes() || total > config.maxModelBytes()) {
                    errors.add(new Problem.FieldError(zipName + "!" + e.getName(), "larger than the limit of "
                            + config.maxFileBytes() + " bytes per file / " + config.maxModelBytes() + " per model"));
                    return files;
                }
                files.put(name, content);
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new Problem.FieldError(zipName, "not a readable .zip archive (" + e.getMessage() + ")"));
            return files;
        }
        if (entries == 0 || files.isEmpty()) {
            errors.add(new Problem.FieldError(zipName, "the archive holds no rule files"));
        }
        return files;
    }

    /** The first entry of a zip that is a symbolic link or not a regular file (by its Unix mode), or null. */
    private static String linkIn(byte[] zip) {
        try (org.apache.commons.compress.archivers.zip.ZipFile z = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setSeekableByteChannel(new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(zip)).get()) {
            for (var e : java.util.Collections.list(z.getEntries())) {
                int type = e.getUnixMode() & 0170000;
                if (e.isUnixSymlink() || !e.isDirectory() && type != 0 && type != 0100000) {
                    return e.getName();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // not readable as a zip: the reader below says so
        }
    }

    private RulesetVersionRecord store(String model, RuleFiles files, String origin, String by, String status,
            List<BuildProblem> problems, WhatIf.Report whatIf) {
        RulesetVersionRecord r = RulesetVersionRecord.find(model, files.version());
        if (r == null) {
            r = new RulesetVersionRecord();
            r.model = model;
            r.version = files.version();
            r.origin = origin;
            r.createdAt = clock.instant();
            r.createdBy = by;
            r.files = new TreeMap<>(files.files());
            r.status = status;
        } else if (!RulesetVersionRecord.PUBLISHED.equals(r.status)) {
            r.status = status; // the same files checked again give the same result; keep the latest record of it
        }
        r.validation = List.copyOf(problems);
        if (whatIf != null) {
            r.whatIf = whatIf;
        }
        r.persist();
        return r;
    }

    /** The first publish is kept; re-activations are in the activation log. */
    private void markPublished(RulesetVersionRecord r, String by, String summary) {
        r.status = RulesetVersionRecord.PUBLISHED;
        if (r.publishedAt == null) {
            r.publishedAt = clock.instant();
            r.publishedBy = by;
        }
        if (r.changeSummary == null && summary != null) {
            r.changeSummary = summary;
        }
    }

    private void activation(String model, String version, String by, String reason) {
        ActivationRecord a = new ActivationRecord();
        a.model = model;
        a.version = version;
        a.activatedAt = clock.instant();
        a.activatedBy = by;
        a.reason = reason;
        a.persist();
        // delivered at commit: the other instances load the version (RulesSync)
        getEntityManager().createNativeQuery("select pg_notify('" + RulesSync.CHANNEL + "', ?1)")
                .setParameter(1, model).getSingleResult();
    }

    private static jakarta.persistence.EntityManager getEntityManager() {
        return io.quarkus.hibernate.orm.panache.Panache.getEntityManager();
    }

    /**
     * Serves what PostgreSQL says is live for every model: a version another instance published or
     * rolled back to is built (or taken from the cache), swapped in and written to this instance's
     * folder; a model created elsewhere appears, a retired one goes.
     */
    void syncFromDatabase() {
        Map<String, String> live = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> latest = new TreeMap<>();
            for (Object row : getEntityManager().createNativeQuery("select distinct on (model) model, version "
                    + "from ruleset_activation order by model, activated_at desc, id desc").getResultList()) {
                Object[] r = (Object[]) row;
                latest.put((String) r[0], (String) r[1]);
            }
            return latest;
        });
        live.forEach((model, version) -> {
            String serving = registry.active(model).map(Ruleset::version).orElse(null);
            if (version.equals(serving)) {
                return;
            }
            if (RETIRED.equals(version)) {
                if (serving != null) {
                    folder.setAside(model, clock.instant());
                    registry.retire(model);
                }
                return;
            }
            RuleFiles files = QuarkusTransaction.requiringNew().call(() -> {
                RulesetVersionRecord r = RulesetVersionRecord.find(model, version);
                return r == null ? null : r.ruleFiles();
            });
            if (files == null) {
                return;
            }
            try {
                Ruleset ruleset = build(model, files);
                folder.write(model, files);
                registry.activate(ruleset);
                LOG.infof("Model '%s' version %s went live on another instance; serving it here too", model, version);
            } catch (RulesetBuildException e) {
                LOG.errorf("Model '%s' version %s, live on another instance, does not build here:%n%s", model, version,
                        e.getMessage());
            }
        });
    }

    /** "Demo request: Points G10 '50' -> '60'; ..." from the diff against the active version. */
    private String defaultSummary(String model, RuleFiles files) {
        Ruleset active = registry.active(model).orElse(null);
        if (active == null) {
            return "first version";
        }
        List<String> lines = RulesetDiff.between(model, active.files(), files).render().lines().skip(1)
                .filter(l -> !l.startsWith("      ")).map(String::strip).limit(12).toList();
        return String.join("; ", lines);
    }

    private VersionView view(RulesetVersionRecord r) {
        boolean active = registry.active(r.model).map(a -> a.version().equals(r.version)).orElse(false);
        return new VersionView(r.id, r.model, r.version, r.status, active, r.origin, r.createdAt, r.createdBy,
                r.publishedAt, r.publishedBy, r.changeSummary, List.copyOf(r.files.keySet()),
                r.validation == null ? List.of() : r.validation);
    }

    private static ProblemException refused(String model, String version, List<BuildProblem> problems) {
        List<Problem.FieldError> errors = problems.stream()
                .map(p -> new Problem.FieldError(p.location(), p.message())).toList();
        return new ProblemException(new Problem("/problems/ruleset-refused", "Ruleset refused", 422,
                "Version " + version + " of model '" + model + "' was refused; the active version keeps serving. "
                        + problems.get(0), errors));
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(new Problem("/problems/conflict", "Conflict", 409, detail, null));
    }

    private static String key(String model, String version) {
        return model + "@" + version;
    }

    private static String baseName(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
