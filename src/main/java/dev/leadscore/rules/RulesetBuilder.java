package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleSource;
import dev.leadscore.scoring.RuleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.jboss.logging.Logger;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

import dev.leadscore.rules.tables.TableCompiler;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.scoring.Setting;

/**
 * The one place that turns a model's files into a {@link Ruleset}, for drafts, publishes, start-up,
 * the folder watch and backtests alike. Marketing Ops tables ({@code *.xlsx}) are read by the
 * product's own reader into typed rows ({@link TableReader}, {@link TableCompiler}); they are data
 * and never reach a compiler. What Drools compiles is the product's fixed table rules
 * ({@code tables.drl}) and the model's developer DRL, and every class the compiler produces must
 * pass the {@link BytecodeAllowlist} before it is loaded. Compiled KIE bases are kept by the hash
 * of the DRL they came from, so a table-only change builds without compiling, and kept between
 * starts ({@link CompiledModules}): a kept module is loaded only once it passes the same checks as
 * a fresh build ({@link StoredModule}), else it is compiled again. Finally the model's example
 * leads must score as they expect.
 */
public final class RulesetBuilder {
    /** How DRL reads a setting: {@code $ctx.setting("...")}, by its exact name. */
    private static final Pattern SETTING_READ = Pattern.compile("setting\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    /** Any call of {@code setting(...)} on the scoring context. */
    private static final Pattern SETTING_CALL = Pattern.compile("(?<![\\w$])setting\\s*\\(");
    /** How rules written for the earlier engine read a setting fact: by its exact name, as the first constraint. */
    private static final Pattern SETTING_FACT_READ = Pattern.compile("Setting\\s*\\(\\s*name\\s*==\\s*\"([^\"]+)\"");
    private static final String RESOURCES = "src/main/resources/";
    /** The product's table rules, compiled into every model. */
    public static final String TABLE_RULES = "dev/leadscore/scoring/tables.drl";
    private static final int COMPILED_KEPT = 16;

    /** KIE bases by the hash of the DRL they were compiled from; a table edit reuses its model's. */
    private static final Map<String, Compiled> COMPILED = Collections.synchronizedMap(
            new LinkedHashMap<>(32, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
                    return size() > COMPILED_KEPT;
                }
            });

    private record Compiled(KieBase kieBase, Map<String, RuleSource> sources) {
    }

    private static final String TABLE_RULES_TEXT = resource(TABLE_RULES);

    private static final Logger LOG = Logger.getLogger(RulesetBuilder.class);
    private static final String DROOLS_VERSION = droolsVersion();

    private final Clock clock;
    private final CompiledModules kept;
    private final RulesetValidator validator;
    private final TableReader reader;
    private final String tableRules = TABLE_RULES_TEXT;

    public RulesetBuilder(Clock clock) {
        this(clock, RulesetLimits.DEFAULTS);
    }

    public RulesetBuilder(Clock clock, RulesetLimits limits) {
        this(clock, limits, CompiledModules.NONE);
    }

    public RulesetBuilder(Clock clock, RulesetLimits limits, CompiledModules kept) {
        this.clock = clock;
        this.kept = kept;
        this.validator = new RulesetValidator(limits);
        this.reader = new TableReader(limits);
    }

    public Ruleset build(String model, RuleFiles files) throws RulesetBuildException {
        if (files.isEmpty()) {
            throw new RulesetBuildException(model,
                    List.of(BuildProblem.inFile(null, "the model has no tables (*.xlsx) or rule files (*.drl)")));
        }
        List<BuildProblem> problems = new ArrayList<>(validator.check(files));
        ExampleLeads.File examples = null;
        byte[] examplesYaml = files.files().get(RuleFiles.EXAMPLES);
        if (examplesYaml != null) {
            examples = ExampleLeads.parse(examplesYaml, problems);
        }
        List<TableGrid> grids = new ArrayList<>();
        Map<String, String> drl = new LinkedHashMap<>();
        drl.put(TABLE_RULES, tableRules);
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            if (f.getKey().endsWith(RuleFiles.TABLE)) {
                grids.addAll(reader.read(f.getKey(), f.getValue(), problems));
            } else if (f.getKey().endsWith(RuleFiles.DRL)) {
                drl.put(f.getKey(), new String(f.getValue(), StandardCharsets.UTF_8));
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesetBuildException(model, problems);
        }
        TableCompiler.Compiled tables = TableCompiler.compile(grids, problems);
        checkSettings(drl, tables, grids, problems);
        if (!problems.isEmpty()) {
            throw new RulesetBuildException(model, problems);
        }
        Compiled compiled = compile(model, drl, problems);
        if (compiled != null) {
            for (Map.Entry<String, RuleSource> r : compiled.sources().entrySet()) {
                RuleSource row = tables.sources().get(r.getKey());
                if (row != null) {
                    problems.add(new BuildProblem(row.file(), row.sheet(), row.cell(), null, "rule name '" + r.getKey()
                            + "' is already used at " + r.getValue().reference() + "; each rule of a model needs its own name"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesetBuildException(model, problems);
        }
        Map<String, RuleSource> sources = new HashMap<>(compiled.sources());
        sources.putAll(tables.sources());
        Ruleset ruleset = new Ruleset(model, files.version(), compiled.kieBase(), Map.copyOf(sources),
                Collections.unmodifiableMap(new LinkedHashMap<>(drl)), tables.tables(), files, clock.instant());
        if (examples != null) {
            problems.addAll(ExampleLeads.verify(ruleset, examples));
            if (!problems.isEmpty()) {
                throw new RulesetBuildException(model, problems);
            }
        }
        return ruleset;
    }

    /**
     * Settings against the catalogue ({@link ModelSetting}): a setting the model's DRL reads must be
     * declared there (a misspelt name is refused with its line) and set by the Settings table; a
     * table row may set only a declared setting that the DRL or the service reads, with a value of
     * its kind.
     */
    private static void checkSettings(Map<String, String> drl, TableCompiler.Compiled tables, List<TableGrid> grids,
            List<BuildProblem> problems) {
        Set<String> read = new TreeSet<>();
        drl.forEach((file, text) -> {
            settingReads(file, text, SETTING_CALL, SETTING_READ, read, problems);
            settingReads(file, text, Setting.FACT_PATTERN, SETTING_FACT_READ, read, problems);
        });
        Set<String> known = new TreeSet<>(read);
        for (ModelSetting s : ModelSetting.values()) {
            if (s.reader() == ModelSetting.Reader.SERVICE) {
                known.add(s.label());
            }
        }
        for (Map.Entry<String, RuleSource> s : tables.settingCells().entrySet()) {
            RuleSource cell = s.getValue();
            Optional<ModelSetting> declared = ModelSetting.named(s.getKey());
            if (declared.isEmpty() || !known.contains(s.getKey())) {
                problems.add(new BuildProblem(cell.file(), cell.sheet(), cell.cell(), null, "unknown setting '" + s.getKey()
                        + "': " + (declared.isEmpty() ? "not in the settings catalogue" + hint(s.getKey())
                                : "the model's rules do not read it") + "; the model reads " + String.join(", ", known)));
                continue;
            }
            double value = tables.tables().setting(s.getKey()).orElse(0.0);
            String refusal = declared.get().unit().refusal(value);
            if (refusal != null) {
                problems.add(new BuildProblem(cell.file(), cell.sheet(), cell.cell(), null, "the setting '" + s.getKey()
                        + "' is in " + declared.get().unit().name().toLowerCase(Locale.ROOT) + ": " + refusal
                        + " (is " + value + ")"));
            }
        }
        String settingsFile = grids.stream().filter(g -> g.kind().equalsIgnoreCase("settings")).map(TableGrid::file)
                .findFirst().orElse(null);
        for (String name : read) {
            if (!tables.settingCells().containsKey(name)) {
                problems.add(BuildProblem.inFile(settingsFile, "the setting '" + name
                        + "' is read by the model's rules but no Settings table sets it"));
            }
        }
    }

    /** Each match of {@code call} in {@code text} must read a setting by its exact, declared name ({@code read}). */
    private static void settingReads(String file, String text, Pattern call, Pattern read, Set<String> names,
            List<BuildProblem> problems) {
        Matcher c = call.matcher(text);
        while (c.find()) {
            Integer line = lineOf(text, c.start());
            Matcher m = read.matcher(text).region(c.start(), text.length());
            if (!m.lookingAt()) {
                problems.add(new BuildProblem(file, null, null, line, "a setting is read by its exact name, "
                        + "$ctx.setting(\"...\") on the ScoringContext, so that the build can check the name"));
            } else if (ModelSetting.named(m.group(1)).isEmpty()) {
                problems.add(new BuildProblem(file, null, null, line, "the setting '" + m.group(1)
                        + "' is not in the settings catalogue" + hint(m.group(1))));
            } else {
                names.add(m.group(1));
            }
        }
    }

    private static String hint(String name) {
        String closest = ModelSetting.closestTo(name);
        return closest == null ? " (docs/scoring-model.md lists the settings)" : " (did you mean '" + closest + "'?)";
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private Compiled compile(String model, Map<String, String> drl, List<BuildProblem> problems) {
        String key = hash(drl);
        Compiled cached = COMPILED.get(key);
        if (cached != null) {
            return cached;
        }
        Map<String, RuleSource> sources = new HashMap<>();
        for (Map.Entry<String, String> d : drl.entrySet()) {
            if (!d.getKey().equals(TABLE_RULES)) {
                indexRules(d.getValue(), d.getKey(), sources, problems);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        ClassLoader loader = classLoader();
        String version = "1.0.0-" + key.substring(0, 16);
        KieBase loaded = loadKept(key, version, drl, loader);
        if (loaded != null) {
            Compiled c = new Compiled(loaded, Map.copyOf(sources));
            COMPILED.put(key, c);
            return c;
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId(StoredModule.GROUP, model.replaceAll("[^A-Za-z0-9_.-]", "_"), version);
        kfs.generateAndWritePomXML(releaseId);
        kfs.writeKModuleXML(StoredModule.KMODULE_XML);
        String base = "rules/" + model.replaceAll("[^A-Za-z0-9_-]", "_") + "/";
        Map<String, String> origins = new HashMap<>();
        drl.forEach((name, text) -> {
            String path = name.equals(TABLE_RULES) ? name : base + name;
            origins.put(RESOURCES + path, name);
            origins.put(path, name);
            kfs.write(RESOURCES + path, text);
        });
        KieBuilder builder = ks.newKieBuilder(kfs, loader).buildAll(ExecutableModelProject.class);
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String file = origins.getOrDefault(m.getPath(), m.getPath());
            problems.add(new BuildProblem(file, null, null, m.getLine() > 0 ? m.getLine() : null,
                    m.getText() == null ? "does not compile" : m.getText().strip()));
        }
        // getKieModule() throws when the build has errors: those are reported as build problems instead
        InternalKieModule module = problems.isEmpty() ? (InternalKieModule) builder.getKieModule() : null;
        Map<String, byte[]> classes = problems.isEmpty() ? classes(module) : Map.of();
        if (problems.isEmpty()) {
            for (BytecodeAllowlist.Finding f : BytecodeAllowlist.check(classes)) {
                RuleSource where = f.rule() == null ? null : sources.get(f.rule());
                problems.add(new BuildProblem(where == null ? firstDrl(drl) : where.file(), null, null,
                        where == null ? null : where.line(), f.message()));
            }
        }
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            return null;
        }
        KieContainer container = ks.newKieContainer(releaseId, loader);
        try {
            Compiled c = new Compiled(container.getKieBase(), Map.copyOf(sources));
            COMPILED.put(key, c);
            kept.keep(key, new CompiledModules.Kept(module.getBytes(), StoredModule.productFingerprint(classes, loader)));
            return c;
        } finally {
            // the KIE base stays usable; the repository must not keep every version ever built
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /** The KIE base of the module kept for the DRL, or null when there is none or it is refused. */
    private KieBase loadKept(String key, String version, Map<String, String> drl, ClassLoader loader) {
        CompiledModules.Kept stored = kept.find(key).orElse(null);
        if (stored == null) {
            return null;
        }
        List<String> refusals = StoredModule.refusals(stored, version, drl.values(), loader);
        if (!refusals.isEmpty()) {
            LOG.warnf("The compiled module kept for DRL %s is refused and compiled again: %s", key, refusals);
            kept.forget(key);
            return null;
        }
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = null;
        try {
            releaseId = ks.getRepository().addKieModule(ks.getResources().newByteArrayResource(stored.module()))
                    .getReleaseId();
            return ks.newKieContainer(releaseId, loader).getKieBase();
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("The compiled module kept for DRL %s does not load (%s); compiling again", key, e);
            kept.forget(key);
            return null;
        } finally {
            if (releaseId != null) {
                ks.getRepository().removeKieModule(releaseId);
            }
        }
    }

    /** Forgets the KIE bases compiled in this process, as a restart does (for tests of what is kept). */
    static void forgetCompiledInMemory() {
        COMPILED.clear();
    }

    private static String firstDrl(Map<String, String> drl) {
        return drl.keySet().stream().filter(k -> !k.equals(TABLE_RULES)).findFirst().orElse(TABLE_RULES);
    }

    /** The compiled classes of a KIE module, by internal name. */
    private static Map<String, byte[]> classes(InternalKieModule module) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : module.getFileNames()) {
            files.put(name, module.getBytes(name));
        }
        return StoredModule.classes(files);
    }

    /** The key of the compiled module of the DRL (with the rule compiler's version). */
    static String hash(Map<String, String> drl) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // the same DRL compiled by another version of the rule compiler is another module
            sha.update(DROOLS_VERSION.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            for (Map.Entry<String, String> d : drl.entrySet()) {
                sha.update(d.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(d.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String droolsVersion() {
        Properties p = new Properties();
        try (InputStream in = RulesetBuilder.class.getClassLoader().getResourceAsStream(
                "META-INF/maven/org.drools/drools-model-codegen/pom.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    private static String resource(String path) {
        try (InputStream in = RulesetBuilder.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RulesetBuilder.class.getClassLoader();
    }

    /** Records where each DRL rule is written (parsed as Drools parses it); a rule name may be used once per model. */
    private static void indexRules(String drl, String file, Map<String, RuleSource> sources, List<BuildProblem> problems) {
        org.drools.drl.parser.DrlParser parser = new org.drools.drl.parser.DrlParser();
        org.drools.drl.ast.descr.PackageDescr pkg;
        try {
            pkg = parser.parse(false, drl);
        } catch (org.drools.drl.parser.DroolsParserException | RuntimeException e) {
            problems.add(BuildProblem.inFile(file, "the DRL cannot be parsed: " + e.getMessage()));
            return;
        }
        if (pkg == null) {
            return; // DrlCheck has reported why
        }
        for (org.drools.drl.ast.descr.RuleDescr rule : pkg.getRules()) {
            RuleSource source = new RuleSource(file, null, null, rule.getLine() > 0 ? rule.getLine() : null);
            RuleSource earlier = sources.putIfAbsent(rule.getName(), source);
            if (earlier != null) {
                problems.add(new BuildProblem(file, null, null, source.line(), "rule name '" + rule.getName()
                        + "' is already used at " + earlier.reference() + "; each rule of a model needs its own name"));
            }
        }
    }

    /** The text of the product's table rules. */
    public static String tableRules() {
        return TABLE_RULES_TEXT;
    }
}
