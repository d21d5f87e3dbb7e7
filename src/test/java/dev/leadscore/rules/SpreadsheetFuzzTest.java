package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.leadscore.CommittedCorpus;

/**
 * Fuzz target for what Marketing Ops upload: any bytes in place of the sales-led engagement table
 * go through the one ruleset builder (size limits, safe workbook opening, table checks, code
 * allowlist, compiling, example leads). Whatever the bytes, the answer is a ruleset or a refusal
 * naming the file; never another exception, never a hang. The normal test run replays the
 * committed corpus (src/test/resources/.../SpreadsheetFuzzTestInputs) without the fuzzer; fuzz
 * for real with JAZZER_FUZZ=1 ./mvnw test -Dtest=SpreadsheetFuzzTest.
 */
class SpreadsheetFuzzTest {
    static final String TABLE = "engagement.xlsx";
    static final RuleFiles DEFAULTS = RuleFiles.read(Path.of("rules", "sales-led"));
    static final RulesetBuilder BUILDER = new RulesetBuilder(Clock.systemUTC(), RulesetLimits.DEFAULTS);

    /** Fuzzing for real (JAZZER_FUZZ=1). */
    @FuzzTest(maxDuration = "60s")
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    void anyUploadedTableIsBuiltOrRefusedNamingTheFile(byte[] upload) {
        builtOrRefusedNamingTheFile(upload);
    }

    /** The normal run: the committed corpus, without the fuzzer's instrumentation. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void committedUploadsAreBuiltOrRefusedNamingTheFile(String name, byte[] upload) {
        builtOrRefusedNamingTheFile(upload);
    }

    static Stream<Arguments> corpus() {
        return CommittedCorpus.of(SpreadsheetFuzzTest.class, "anyUploadedTableIsBuiltOrRefusedNamingTheFile");
    }

    static void builtOrRefusedNamingTheFile(byte[] upload) {
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
