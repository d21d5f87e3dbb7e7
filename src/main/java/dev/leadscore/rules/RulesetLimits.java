package dev.leadscore.rules;

/**
 * How large the files of a model may be before anything parses them. A decision table of a few
 * hundred rows is a few tens of kilobytes; the defaults leave ample room while refusing files that
 * would tie up memory or CPU (oversized uploads, zip bombs).
 *
 * @param maxFileBytes   largest rule file, as stored (compressed for .xlsx)
 * @param maxModelBytes  all files of a model together
 * @param maxZipEntries  entries inside one .xlsx (a workbook has a few dozen)
 * @param maxEntryBytes  largest uncompressed entry inside an .xlsx
 * @param minInflateRatio smallest compressed/uncompressed ratio of an .xlsx entry (lower = zip bomb)
 */
public record RulesetLimits(long maxFileBytes, long maxModelBytes, int maxZipEntries, long maxEntryBytes,
        double minInflateRatio) {

    public static final RulesetLimits DEFAULTS = new RulesetLimits(2L * 1024 * 1024, 10L * 1024 * 1024, 200,
            20L * 1024 * 1024, 0.01);
}
