package dev.leadscore.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AccumulateImportDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;

import dev.leadscore.rules.CodeAllowlist.Finding;

/**
 * Parses DRL with the Drools parser and checks it against {@link CodeAllowlist} before it is
 * compiled: syntax errors, imports, function and accumulate imports, globals, then every token of
 * the rules, functions and declarations.
 */
final class DrlCheck {

    private DrlCheck() {
    }

    /** What is wrong with {@code drl}, by line; empty when it parses and stays within the allowlist. */
    static List<Finding> check(String drl) {
        List<Finding> findings = new ArrayList<>();
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, drl);
        } catch (DroolsParserException | RuntimeException e) {
            findings.add(new Finding(1, "the DRL cannot be parsed: " + e.getMessage()));
            return findings;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError error : parser.getErrors()) {
                int[] lines = error.getLines();
                findings.add(new Finding(lines != null && lines.length > 0 && lines[0] > 0 ? lines[0] : 1,
                        error.getMessage()));
            }
            if (findings.isEmpty()) {
                findings.add(new Finding(1, "the DRL cannot be parsed"));
            }
            return findings;
        }
        for (ImportDescr i : pkg.getImports()) {
            if (!CodeAllowlist.allowedImport(i.getTarget())) {
                findings.add(new Finding(i.getLine(), "import of '" + i.getTarget()
                        + "' is not allowed: rules may import only the fact model (" + CodeAllowlist.FACT_PACKAGE
                        + ".*) and the value types on the allowlist"));
            }
        }
        for (FunctionImportDescr i : pkg.getFunctionImports()) {
            String owner = i.getTarget().substring(0, Math.max(0, i.getTarget().lastIndexOf('.')));
            if (!CodeAllowlist.allowedClass(owner) && !owner.equals(CodeAllowlist.FACT_PACKAGE)) {
                findings.add(new Finding(i.getLine(), "static import of '" + i.getTarget() + "' is not allowed"));
            }
        }
        for (AccumulateImportDescr i : pkg.getAccumulateImports()) {
            findings.add(new Finding(i.getLine(), "custom accumulate function '" + i.getTarget()
                    + "' is not allowed; use sum, count, min, max, average or collectList"));
        }
        Set<String> declared = new HashSet<>();
        for (AbstractClassTypeDeclarationDescr d : pkg.getClassAndEnumDeclarationDescrs()) {
            declared.add(d.getTypeName());
        }
        for (GlobalDescr g : pkg.getGlobals()) {
            String type = g.getType();
            String simple = type.substring(type.lastIndexOf('.') + 1);
            if (type.contains(".") ? !CodeAllowlist.allowedClass(type) : !CodeAllowlist.allowedType(simple, declared)) {
                findings.add(new Finding(g.getLine(), "global '" + g.getIdentifier() + "' of type " + type
                        + " is not allowed"));
            }
        }
        for (RuleDescr rule : pkg.getRules()) {
            workingMemoryPatterns(rule, rule.getLhs(), declared, findings);
        }
        findings.addAll(CodeAllowlist.scan(drl, declared));
        return findings;
    }

    /**
     * Patterns matched against the session's facts (no {@code from}) must name a type the engine
     * or the rules put there. Events and adjustments live on the {@code Scorecard}: a rule written
     * for an engine that inserted them as facts would compile and never fire, scoring silently
     * wrong, so it is refused with the way to write it now.
     */
    private static void workingMemoryPatterns(RuleDescr rule, BaseDescr descr, Set<String> declared,
            List<Finding> findings) {
        if (descr instanceof PatternDescr p) {
            PatternSourceDescr source = p.getSource();
            if (source == null || source instanceof EntryPointDescr) {
                String type = p.getObjectType();
                String simple = type == null ? "" : type.substring(type.lastIndexOf('.') + 1);
                if (!CodeAllowlist.WORKING_MEMORY.contains(simple) && !declared.contains(simple)) {
                    findings.add(new Finding(p.getLine() > 0 ? p.getLine() : rule.getLine(), "rule '" + rule.getName()
                            + "' matches " + simple + " facts, which are not in the session: events and adjustments "
                            + "are read from the Scorecard (e.g. '" + simple + "(...) from $card.getEvents()'); "
                            + "facts in the session are " + String.join(", ", new java.util.TreeSet<>(
                                    CodeAllowlist.WORKING_MEMORY))));
                }
            } else if (source instanceof AccumulateDescr a) {
                workingMemoryPatterns(rule, a.getInput(), declared, findings);
            } else if (source instanceof CollectDescr c) {
                workingMemoryPatterns(rule, c.getInputPattern(), declared, findings);
            }
        } else if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr d : ce.getDescrs()) {
                workingMemoryPatterns(rule, d, declared, findings);
            }
        }
    }
}
