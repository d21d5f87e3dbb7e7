package dev.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kie.api.KieBase;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import dev.leadscore.scoring.Ruleset;

/**
 * Compiled rules kept between starts: a restart loads the kept module instead of compiling, and
 * a kept module that was changed (a class calling what rules may not call, other DRL, a descriptor
 * naming a class of the product, another build of the product) is refused and compiled again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeptModuleTest {
    /** Kept modules in memory, counting what the builder does with them. */
    static final class Memory implements CompiledModules {
        final Map<String, Kept> rows = new HashMap<>();
        int keeps;
        int forgets;

        @Override
        public Optional<Kept> find(String key) {
            return Optional.ofNullable(rows.get(key));
        }

        @Override
        public void keep(String key, Kept module) {
            keeps++;
            rows.put(key, module);
        }

        @Override
        public void forget(String key) {
            forgets++;
            rows.remove(key);
        }
    }

    final Memory kept = new Memory();
    final RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC(), RulesetLimits.DEFAULTS, kept);
    /** A model of its own (its DRL differs by a comment), so no other test has compiled it in this JVM. */
    final ModelEdits model = ModelEdits.of("sales-led");
    Ruleset compiled;
    String key;

    @BeforeAll
    void compileOnce() throws RulesetBuildException {
        String drl = new String(model.files.get("scoring.drl"), StandardCharsets.UTF_8);
        model.put("scoring.drl", (drl + "\n// kept module test " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8));
        compiled = builder.build("sales-led", model.files());
        assertThat(kept.keeps).as("the compiled module is kept").isEqualTo(1);
        key = kept.rows.keySet().iterator().next();
    }

    private Ruleset restart() throws RulesetBuildException {
        RulesetBuilder.forgetCompiledInMemory();
        return builder.build("sales-led", model.files());
    }

    @Test
    void aRestartLoadsTheKeptModuleInsteadOfCompiling() throws RulesetBuildException {
        Ruleset loaded = restart();

        assertThat(kept.keeps).as("nothing compiled again").isEqualTo(1);
        assertThat(kept.forgets).isZero();
        assertThat(loaded.kieBase()).isNotSameAs(compiled.kieBase());
        assertThat(rules(loaded.kieBase())).isEqualTo(rules(compiled.kieBase())).hasSizeGreaterThan(10);
        // the build verified the model's example leads against the loaded rules
        assertThat(loaded.version()).isEqualTo(compiled.version());
    }

    @Test
    void aKeptModuleWithAClassCallingWhatRulesMayNotIsRefusedAndCompiledAgain() throws Exception {
        CompiledModules.Kept good = kept.rows.get(key);
        byte[] tampered = rewrite(good.module(), entries -> {
            String name = entries.keySet().stream().filter(n -> n.contains("LambdaConsequence")).findFirst().orElseThrow();
            entries.put(name, withExit(entries.get(name)));
            return entries;
        });
        CompiledModules.Kept bad = new CompiledModules.Kept(tampered, good.productFingerprint());
        assertThat(StoredModule.refusals(bad, version(good), compiled.compiledDrl().values(), loader()))
                .anySatisfy(r -> assertThat(r).contains("java.lang.System.exit"));
        kept.rows.put(key, bad);

        Ruleset rebuilt = restart();

        assertThat(kept.forgets).as("the changed module is dropped").isEqualTo(1);
        assertThat(kept.keeps).as("and compiled and kept again").isEqualTo(2);
        assertThat(rules(rebuilt.kieBase())).isEqualTo(rules(compiled.kieBase()));
        assertThat(StoredModule.refusals(kept.rows.get(key), version(good), compiled.compiledDrl().values(), loader()))
                .isEmpty();
        kept.keeps = 1;
        kept.forgets = 0;
    }

    @Test
    void aKeptModuleMustHoldTheDrlAskedForAndOnlyWhatTheCompilerWrites() throws IOException {
        CompiledModules.Kept good = kept.rows.get(key);
        var drl = compiled.compiledDrl().values();
        assertThat(StoredModule.refusals(good, version(good), drl, loader())).isEmpty();

        // other DRL inside
        byte[] otherDrl = rewrite(good.module(), entries -> {
            entries.replaceAll((n, b) -> n.endsWith("scoring.drl") ? "rule X when then end".getBytes() : b);
            return entries;
        });
        assertThat(StoredModule.refusals(new CompiledModules.Kept(otherDrl, good.productFingerprint()), version(good), drl,
                loader())).contains("its DRL is not the DRL being built");
        // a file the compiler does not write
        byte[] extra = rewrite(good.module(), entries -> {
            entries.put("META-INF/services/java.lang.Runnable", "x".getBytes());
            return entries;
        });
        assertThat(StoredModule.refusals(new CompiledModules.Kept(extra, good.productFingerprint()), version(good), drl,
                loader())).contains("unexpected entry META-INF/services/java.lang.Runnable");
        // the list of model classes naming a class of the product to instantiate
        byte[] foreign = rewrite(good.module(), entries -> {
            entries.replaceAll((n, b) -> n.endsWith("/drools-model")
                    ? (new String(b, StandardCharsets.UTF_8) + "\ndev.leadscore.scoring.ScoringEngine\n").getBytes() : b);
            return entries;
        });
        assertThat(StoredModule.refusals(new CompiledModules.Kept(foreign, good.productFingerprint()), version(good), drl,
                loader())).anySatisfy(r -> assertThat(r).contains("names dev.leadscore.scoring.ScoringEngine"));
        // another session configuration
        byte[] kmodule = rewrite(good.module(), entries -> {
            entries.put("META-INF/kmodule.xml", new String(entries.get("META-INF/kmodule.xml"), StandardCharsets.UTF_8)
                    .replace("sequential=\"false\"", "sequential=\"true\"").getBytes(StandardCharsets.UTF_8));
            return entries;
        });
        assertThat(StoredModule.refusals(new CompiledModules.Kept(kmodule, good.productFingerprint()), version(good), drl,
                loader())).contains("META-INF/kmodule.xml is not the one the product writes");
        // compiled for another DRL key, against another build of the product, or not a jar at all
        assertThat(StoredModule.refusals(good, "1.0.0-0000000000000000", drl, loader())).isNotEmpty();
        assertThat(StoredModule.refusals(new CompiledModules.Kept(good.module(), "0".repeat(64)), version(good), drl,
                loader())).containsExactly("it was compiled against other versions of the product's classes");
        assertThat(StoredModule.refusals(new CompiledModules.Kept("not a jar".getBytes(), good.productFingerprint()),
                version(good), drl, loader())).hasSize(1);
    }

    private static List<String> rules(KieBase kieBase) {
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()).sorted()
                .toList();
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }

    /** The version the module was compiled as, from its descriptor. */
    static String version(CompiledModules.Kept kept) throws IOException {
        for (Map.Entry<String, byte[]> e : unzip(kept.module()).entrySet()) {
            if (e.getKey().endsWith("pom.properties")) {
                Properties p = new Properties();
                p.load(new ByteArrayInputStream(e.getValue()));
                return p.getProperty("version");
            }
        }
        throw new AssertionError("no pom.properties");
    }

    private static Map<String, byte[]> unzip(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    static byte[] rewrite(byte[] jar, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = change.apply(unzip(jar));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The class with a method added that ends the process, as someone with write access to the table could. */
    static byte[] withExit(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                MethodVisitor m = cv.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "bye", "()V", null, null);
                m.visitCode();
                m.visitInsn(Opcodes.ICONST_0);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
                m.visitInsn(Opcodes.RETURN);
                m.visitMaxs(1, 0);
                m.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
