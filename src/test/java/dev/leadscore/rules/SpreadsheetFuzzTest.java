package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeMap;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for what Marketing Ops upload: any bytes in place of the sales-led engagement table
 * go through the one ruleset builder (size limits, safe workbook opening, table checks, code
 * allowlist, compiling, example leads). Whatever the bytes, the answer is a ruleset or a refusal
 * naming the file; never another exception, never a hang. The normal test run replays the
 * committed corpus (src/test/resources/.../SpreadsheetFuzzTestInputs); fuzz for real with
 * JAZZER_FUZZ=1 ./mvnw test -Dtest=SpreadsheetFuzzTest.
 */
class SpreadsheetFuzzTest {
    static final String TABLE = "engagement.xlsx";
    static final RuleFiles DEFAULTS = RuleFiles.read(Path.of("rules", "sales-led"));
    static final RulesetBuilder BUILDER = new RulesetBuilder(Clock.systemUTC(), RulesetLimits.DEFAULTS);

    @FuzzTest(maxDuration = "60s")
    void anyUploadedTableIsBuiltOrRefusedNamingTheFile(byte[] upload) {
        TreeMap<String, byte[]> files = new TreeMap<>(DEFAULTS.files());
        files.put(TABLE, upload);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                Ruleset built = BUILDER.build("sales-led", RuleFiles.of(files));
                assertThat(built.version()).isEqualTo(RuleFiles.of(files).version());
            } catch (RulesetBuildException refused) {
                assertThat(refused.problems()).isNotEmpty();
                assertThat(refused.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
            }
        });
    }
}
