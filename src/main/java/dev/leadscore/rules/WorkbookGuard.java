package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lets an uploaded {@code .xlsx} be read only after checking it cannot hurt the service: its size,
 * that it is a zip archive, how many entries it has, how far each inflates (size and ratio: zip
 * bombs), and that none of its XML parts declares a DOCTYPE (entity expansion, external entities).
 * The table reader's XML parser refuses a DOCTYPE as a second line.
 */
public final class WorkbookGuard {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
    /** Parts up to this size may inflate any amount (small parts compress far, harmlessly). */
    private static final long RATIO_GRACE_BYTES = 100 * 1024;

    private final RulesetLimits limits;

    public WorkbookGuard(RulesetLimits limits) {
        this.limits = limits;
    }

    /**
     * What checking a workbook found: the reason it may not be opened (null when it may), and when
     * it may, its parts (file entries by lower-case name, as part names are case-insensitive),
     * inflated once here so that the reader does not inflate them again.
     */
    public record Checked(String refusal, Map<String, byte[]> parts) {
        static Checked refused(String reason) {
            return new Checked(reason, Map.of());
        }
    }

    /** The reason {@code bytes} may not be opened, or null when it may. */
    public String refuse(byte[] bytes) {
        return check(bytes).refusal();
    }

    /** Checks {@code bytes} and, when they may be opened, gives their parts. */
    public Checked check(byte[] bytes) {
        if (bytes.length > limits.maxFileBytes()) {
            return Checked.refused("the file is " + kib(bytes.length) + ", more than the limit of " + kib(limits.maxFileBytes()));
        }
        if (bytes.length < ZIP_MAGIC.length || !startsWith(bytes, ZIP_MAGIC)) {
            return Checked.refused("not an .xlsx workbook (the file is not a zip archive; save it as Excel Workbook .xlsx)");
        }
        int entries = 0;
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > limits.maxZipEntries()) {
                    return Checked.refused("the workbook holds more than " + limits.maxZipEntries() + " parts; refused as unsafe");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                String problem = inspect(e.getName(), zip, content);
                if (problem == null) {
                    problem = ratio(e);
                }
                if (problem != null) {
                    return Checked.refused(problem);
                }
                if (!e.isDirectory()) {
                    parts.put(e.getName().toLowerCase(Locale.ROOT), content.toByteArray());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Checked.refused("the workbook is corrupt and cannot be read (" + e.getMessage() + ")");
        }
        if (entries == 0) {
            return Checked.refused("the workbook is corrupt: it holds no parts");
        }
        return new Checked(null, parts);
    }

    /** Reads one entry into {@code content} up to the limits, counting its inflated size and looking for a DOCTYPE. */
    private String inspect(String name, InputStream in, ByteArrayOutputStream content) throws IOException {
        boolean xml = name.toLowerCase(Locale.ROOT).endsWith(".xml") || name.toLowerCase(Locale.ROOT).endsWith(".rels");
        byte[] buffer = new byte[8192];
        long size = 0;
        byte[] tail = new byte[0];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            size += n;
            content.write(buffer, 0, n);
            if (size > limits.maxEntryBytes()) {
                return "part '" + name + "' of the workbook inflates to more than " + kib(limits.maxEntryBytes())
                        + "; refused as a possible zip bomb";
            }
            if (xml) {
                byte[] window = new byte[tail.length + n];
                System.arraycopy(tail, 0, window, 0, tail.length);
                System.arraycopy(buffer, 0, window, tail.length, n);
                if (indexOf(window, DOCTYPE) >= 0) {
                    return "part '" + name + "' of the workbook declares a DOCTYPE; XML entities are refused";
                }
                int keep = Math.min(window.length, DOCTYPE.length - 1);
                tail = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
            }
        }
        return null;
    }

    /** An entry read to its end that inflates more than the limit allows, relative to its stored size. */
    private String ratio(ZipEntry e) {
        long inflated = e.getSize();
        long stored = e.getCompressedSize();
        if (inflated <= RATIO_GRACE_BYTES || stored < 0 || (double) stored / inflated >= limits.minInflateRatio()) {
            return null;
        }
        return "part '" + e.getName() + "' of the workbook inflates " + inflated / Math.max(1, stored)
                + " times its stored size; refused as a possible zip bomb";
    }

    /** The model as a whole: problems with the total size. */
    List<BuildProblem> checkModelSize(RuleFiles files) {
        long total = files.files().values().stream().mapToLong(b -> b.length).sum();
        if (total > limits.maxModelBytes()) {
            return List.of(BuildProblem.inFile(null, "the model's files add up to " + kib(total)
                    + ", more than the limit of " + kib(limits.maxModelBytes())));
        }
        return List.of();
    }

    private static String kib(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
