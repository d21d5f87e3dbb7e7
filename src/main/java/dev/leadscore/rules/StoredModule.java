package dev.leadscore.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.kie.api.KieServices;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;

/**
 * The checks a compiled module kept between starts passes before it is loaded, the same a fresh
 * build passes and more: it holds nothing but what the rule compiler writes (classes, the DRL it
 * was compiled from, the descriptors), its DRL is the DRL asked for, its descriptors are the ones
 * the product writes and name only its own classes, every class passes the
 * {@link BytecodeAllowlist}, and the product classes it calls are the ones it was compiled against.
 */
final class StoredModule {
    static final String GROUP = "dev.leadscore.rules";
    /** The module descriptor every build writes: one default KIE base of all packages. */
    static final String KMODULE_XML = kmodule();
    private static final Pattern ARTIFACT = Pattern.compile("META-INF/maven/" + Pattern.quote(GROUP)
            + "/([A-Za-z0-9_.-]+)/pom\\.properties");
    private static final Pattern PRODUCT_CLASS = Pattern.compile("dev/leadscore/[A-Za-z0-9_$/]+");
    private static final int MAX_ENTRIES = 20_000;
    private static final long MAX_BYTES = 64L << 20;

    private StoredModule() {
    }

    private static String kmodule() {
        KieModuleModel model = KieServices.Factory.get().newKieModuleModel();
        model.newKieBaseModel("defaultKieBase").setDefault(true).addPackage("*");
        return model.toXML();
    }

    /** The compiled classes of a module jar, by internal name. */
    static Map<String, byte[]> classes(Map<String, byte[]> entries) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                classes.put(name.substring(0, name.length() - ".class".length()), bytes);
            }
        });
        return classes;
    }

    /**
     * What the classes call of the product (its fact and helper types), as the SHA-256 of those
     * types' class files: a module compiled against other versions of them is not loaded.
     */
    static String productFingerprint(Map<String, byte[]> classes, ClassLoader loader) {
        TreeSet<String> called = new TreeSet<>();
        for (byte[] bytes : classes.values()) {
            Matcher m = PRODUCT_CLASS.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                if (!classes.containsKey(m.group())) {
                    called.add(m.group());
                }
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String type : called) {
                sha.update(type.getBytes(StandardCharsets.UTF_8));
                try (InputStream in = loader.getResourceAsStream(type + ".class")) {
                    sha.update(in == null ? new byte[] {0} : in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Why the kept module may not be loaded for {@code drl}, compiled as version {@code version}
     * (of any model's artifact: models with the same DRL share it); empty when it may.
     */
    static List<String> refusals(CompiledModules.Kept kept, String version, Collection<String> drl, ClassLoader loader) {
        Map<String, byte[]> entries;
        try {
            entries = entries(kept.module());
        } catch (IOException e) {
            return List.of("not a readable jar: " + e.getMessage());
        }
        List<String> artifacts = entries.keySet().stream().map(ARTIFACT::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).toList();
        if (artifacts.size() != 1) {
            return List.of("not one module descriptor but " + artifacts.size());
        }
        ReleaseId releaseId = KieServices.Factory.get().newReleaseId(GROUP, artifacts.get(0), version);
        List<String> refusals = new ArrayList<>();
        Map<String, byte[]> classes = classes(entries);
        String maven = "META-INF/maven/" + GROUP + "/" + releaseId.getArtifactId() + "/";
        String kie = "META-INF/kie/" + GROUP + "/" + releaseId.getArtifactId() + "/";
        List<String> drlFound = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            String text = new String(e.getValue(), StandardCharsets.UTF_8);
            if (name.endsWith(".class")) {
                continue;
            } else if (name.endsWith(".drl")) {
                drlFound.add(text);
            } else if (name.equals("META-INF/kmodule.xml")) {
                expect(refusals, name, text.equals(KMODULE_XML));
            } else if (name.equals(maven + "pom.xml")) {
                KieFileSystem pom = KieServices.Factory.get().newKieFileSystem().generateAndWritePomXML(releaseId);
                expect(refusals, name, Arrays.equals(e.getValue(), pom.read("pom.xml")));
            } else if (name.equals(maven + "pom.properties")) {
                expect(refusals, name, properties(text).equals(Map.of("groupId", GROUP, "artifactId",
                        releaseId.getArtifactId(), "version", releaseId.getVersion())));
            } else if (name.equals(kie + "drools-model") || name.equals(kie + "generated-class-names")) {
                // the rule compiler's lists of the classes to load: only classes of this module
                text.lines().filter(l -> !l.isBlank() && !l.startsWith("Drools-Model-Version:"))
                        .filter(l -> !classes.containsKey(l.strip().replace('.', '/')))
                        .findFirst().ifPresent(l -> refusals.add(name + " names " + l.strip() + ", not a class of the module"));
            } else {
                refusals.add("unexpected entry " + name);
            }
        }
        if (!new TreeSet<>(drlFound).equals(new TreeSet<>(drl)) || drlFound.size() != drl.size()) {
            refusals.add("its DRL is not the DRL being built");
        }
        BytecodeAllowlist.check(classes).forEach(f -> refusals.add(f.message()));
        if (refusals.isEmpty() && !productFingerprint(classes, loader).equals(kept.productFingerprint())) {
            refusals.add("it was compiled against other versions of the product's classes");
        }
        return refusals;
    }

    private static void expect(List<String> refusals, String name, boolean asWritten) {
        if (!asWritten) {
            refusals.add(name + " is not the one the product writes");
        }
    }

    private static Map<Object, Object> properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            return Map.of();
        }
        return Map.copyOf(p);
    }

    /** The files of a jar (directories left out), within bounds a compiled module never comes near. */
    private static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES - total + 1));
                total += bytes.length;
                if (entries.size() >= MAX_ENTRIES || total > MAX_BYTES || entries.put(e.getName(), bytes) != null) {
                    throw new IOException("too large, or an entry twice");
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("no entries");
        }
        return entries;
    }
}
