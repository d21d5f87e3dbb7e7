package dev.leadscore.rules;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Workbook;

import dev.leadscore.rules.CodeAllowlist.Finding;

/**
 * Everything checked before a model is compiled: sizes, that workbooks are safe to open, the
 * layout and cells of every decision table, and that all rule code stays within
 * {@link CodeAllowlist}. Problems name the file and line, or file, sheet and cell.
 */
final class RulesetValidator {
    private final RulesetLimits limits;
    private final WorkbookGuard guard;

    RulesetValidator(RulesetLimits limits) {
        this.limits = limits;
        this.guard = new WorkbookGuard(limits);
    }

    List<BuildProblem> check(RuleFiles files) {
        List<BuildProblem> problems = new ArrayList<>(guard.checkModelSize(files));
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            String name = f.getKey();
            byte[] bytes = f.getValue();
            if (name.endsWith(RuleFiles.DECISION_TABLE)) {
                problems.addAll(checkWorkbook(name, bytes));
            } else if (name.endsWith(RuleFiles.DRL)) {
                problems.addAll(checkDrl(name, bytes));
            } else if (bytes.length > limits.maxFileBytes()) {
                problems.add(BuildProblem.inFile(name, "the file is larger than the limit of "
                        + limits.maxFileBytes() + " bytes"));
            }
        }
        return problems;
    }

    private List<BuildProblem> checkWorkbook(String name, byte[] bytes) {
        String refused = guard.refuse(bytes);
        if (refused != null) {
            return List.of(BuildProblem.inFile(name, refused));
        }
        try (Workbook wb = guard.open(bytes)) {
            return DecisionTableCheck.check(name, RuleTables.read(wb));
        } catch (IOException | RuntimeException e) {
            return List.of(BuildProblem.inFile(name, "the workbook is corrupt and cannot be read (" + e.getMessage() + ")"));
        }
    }

    private List<BuildProblem> checkDrl(String name, byte[] bytes) {
        if (bytes.length > limits.maxFileBytes()) {
            return List.of(BuildProblem.inFile(name, "the file is " + bytes.length + " bytes, more than the limit of "
                    + limits.maxFileBytes()));
        }
        String drl;
        try {
            drl = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return List.of(BuildProblem.inFile(name, "not a text file in UTF-8"));
        }
        List<BuildProblem> problems = new ArrayList<>();
        for (Finding f : DrlCheck.check(drl)) {
            problems.add(new BuildProblem(name, null, null, f.line(), f.message()));
        }
        return problems;
    }
}
