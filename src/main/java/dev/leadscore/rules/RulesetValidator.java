package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import dev.leadscore.rules.CodeAllowlist.Finding;

/**
 * What is checked before anything of a model is parsed or compiled: sizes, and that DRL is UTF-8
 * text that parses and stays within {@link CodeAllowlist} (a first filter; the boundary that holds
 * is {@link BytecodeAllowlist} on what the compiler produced). Workbooks are checked by
 * {@link WorkbookGuard} when the table reader opens them.
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
            if (name.endsWith(RuleFiles.TABLE)) {
                continue; // read by TableReader, after WorkbookGuard
            } else if (name.endsWith(RuleFiles.DRL)) {
                problems.addAll(checkDrl(name, bytes));
            } else if (bytes.length > limits.maxFileBytes()) {
                problems.add(BuildProblem.inFile(name, "the file is larger than the limit of "
                        + limits.maxFileBytes() + " bytes"));
            }
        }
        return problems;
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
