package dev.leadscore.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of one model: {@code *.xlsx} tables (Marketing Ops), {@code *.drl} rule files
 * (developers) and the model's {@code examples.yaml} (leads every version must still score as
 * expected), by file name.
 * Other files in a model folder are not part of the model and do not change the version.
 */
public record RuleFiles(SortedMap<String, byte[]> files) {

    public static final String DRL = ".drl";
    public static final String TABLE = ".xlsx";
    public static final String EXAMPLES = "examples.yaml";

    public RuleFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public static boolean isRuleFile(String name) {
        return name.endsWith(DRL) || name.endsWith(TABLE) || name.equals(EXAMPLES);
    }

    public static RuleFiles of(Map<String, byte[]> files) {
        return new RuleFiles(new TreeMap<>(files));
    }

    /**
     * Reads the rule files directly inside {@code folder}. A rule file that is a symbolic link or
     * not a regular file is refused (the folder is not read): its target could be any file.
     */
    public static RuleFiles read(Path folder) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!isRuleFile(name) || name.startsWith("~$") || name.startsWith(".~lock")) {
                    continue;
                }
                if (Files.isSymbolicLink(p) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new UncheckedIOException(new IOException("Refused to read the rules folder " + folder
                            + ": " + name + " is a symbolic link or not a regular file"));
                }
                files.put(name, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rules folder " + folder, e);
        }
        return new RuleFiles(files);
    }

    /**
     * The ruleset version: a SHA-256 over the file names and contents, in name order, shortened
     * to 16 hex digits. The same files always give the same version.
     */
    public String version() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(f.getValue().length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }
}
