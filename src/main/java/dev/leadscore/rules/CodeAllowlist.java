package dev.leadscore.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What rule code (DRL conditions and consequences, functions, decision-table code rows) may
 * reference. DRL and table actions are compiled as Java, so anything a Java program can do a rule
 * could do; this list keeps rules to the fact model, arithmetic, text, numbers, date-time values
 * and read-only collections. It is checked on the tokens of the code (string literals and comments
 * removed) before anything is compiled.
 *
 * <p>Three checks: every type name must be on the list (so {@code System}, {@code Runtime},
 * {@code Thread}, {@code File}... are refused by not being there); every qualified name must be in
 * an allowed package (so {@code java.io.File} cannot sneak past as a fully qualified name); and a
 * few member names that lead out of the fact model from any object ({@code getClass},
 * {@code exec}, {@code forName}, reflection, wall-clock and random reads) are refused wherever they
 * appear.
 */
final class CodeAllowlist {

    /** The fact model rules are written against. */
    static final Set<String> FACT_MODEL = Set.of("Lead", "Company", "ActivityEvent", "Adjustment", "Category",
            "Setting", "Subtotal", "Band", "Stage", "ScoringContext", "Activation", "ExistingCustomer", "Scorecard",
            "SignalMet", "ProductSignal");

    /**
     * The fact types in a scoring session: what the engine inserts (the lead, the as-of context,
     * the settings, the scorecard, an existing-customer match) and what the rules insert (signals,
     * activation, subtotals, band, stage). Events and adjustments are read from the scorecard, not matched.
     */
    static final Set<String> WORKING_MEMORY = Set.of("Lead", "ScoringContext", "Setting", "Scorecard",
            "ExistingCustomer", "SignalMet", "Activation", "Subtotal", "Band", "Stage");

    static final String FACT_PACKAGE = "dev.leadscore.scoring";

    /** java.lang types: text, boxed numbers, Math. Implicitly imported, so listed by simple name. */
    private static final Set<String> LANG = Set.of("Math", "String", "StringBuilder", "Character", "Boolean", "Number",
            "Integer", "Long", "Double", "Float", "Short", "Byte", "Object", "Comparable", "CharSequence");
    private static final Set<String> MATH = Set.of("BigDecimal", "BigInteger", "RoundingMode");
    /** java.time value types (no Clock: rules read time only from ScoringContext). */
    private static final Set<String> TIME = Set.of("Instant", "Duration", "Period", "LocalDate", "LocalDateTime",
            "LocalTime", "OffsetDateTime", "ZonedDateTime", "ZoneOffset", "ZoneId", "DayOfWeek", "Month", "YearMonth",
            "Year", "ChronoUnit");
    /** Collection interfaces, read through; the facts hand out immutable copies. */
    private static final Set<String> UTIL = Set.of("List", "Map", "Set", "Collection", "Iterator", "Optional", "Objects");

    /**
     * Member names refused on any object: reflection and class loading, process and VM control,
     * the engine's internals behind {@code kcontext}/{@code drools}, and reads of the wall clock or
     * of randomness (a score must be a pure function of facts, events, version and as-of instant),
     * and what the engine keeps on an event between scores (the table rows it matched).
     */
    private static final Set<String> FORBIDDEN_MEMBERS = Set.of("exec", "getRuntime", "forName", "getClass", "class",
            "getClassLoader", "getSystemClassLoader", "loadClass", "defineClass", "invoke", "invokeExact",
            "newInstance", "setAccessible", "getDeclaredMethod", "getDeclaredMethods", "getDeclaredField",
            "getDeclaredFields", "getDeclaredConstructor", "getDeclaredConstructors", "getMethod", "getMethods",
            "getField", "getFields", "getConstructor", "getConstructors", "exit", "halt", "getenv", "setProperty",
            "getKieRuntime", "getKnowledgeRuntime", "getWorkingMemory", "getKieBase", "getEntryPoint", "getChannels",
            "now", "currentTimeMillis", "nanoTime", "random", "wait", "notify", "notifyAll", "finalize", "lookup",
            "rowsMatchedBy", "keepRowsMatchedBy");

    /** First segments that make a dotted name a package-qualified name. */
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jakarta", "jdk", "sun", "com", "org",
            "net", "io", "dev", "kotlin", "scala", "groovy", "mvel", "mvel2");

    /** Engine handles a rule may pass to the fact model (e.g. {@code Adjustment.fit(kcontext, 10)}) but not call. */
    private static final Set<String> ENGINE_HANDLES = Set.of("kcontext", "drools");

    /** One thing the code may not do, at a 1-based line of the scanned text. */
    record Finding(int line, String message) {
    }

    private CodeAllowlist() {
    }

    /** True when a simple type name may be used by rule code. */
    static boolean allowedType(String simpleName, Set<String> declaredTypes) {
        return FACT_MODEL.contains(simpleName) || LANG.contains(simpleName) || MATH.contains(simpleName)
                || TIME.contains(simpleName) || UTIL.contains(simpleName) || declaredTypes.contains(simpleName);
    }

    /** True when a fully qualified class name may be used (or imported). */
    static boolean allowedClass(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String pkg = qualifiedName.substring(0, dot);
        String name = qualifiedName.substring(dot + 1);
        return switch (pkg) {
            case FACT_PACKAGE -> FACT_MODEL.contains(name);
            case "java.lang" -> LANG.contains(name);
            case "java.math" -> MATH.contains(name);
            case "java.time", "java.time.temporal" -> TIME.contains(name);
            case "java.util" -> UTIL.contains(name);
            default -> false;
        };
    }

    /** An {@code import} target: an allowed class, or the fact-model package as a whole. */
    static boolean allowedImport(String target) {
        String t = target.strip();
        if (t.endsWith(".*")) {
            return t.equals(FACT_PACKAGE + ".*");
        }
        return allowedClass(t);
    }

    /** Scans {@code code} (DRL or a Java snippet) and returns what it may not do; empty when it is clean. */
    static List<Finding> scan(String code, Set<String> declaredTypes) {
        List<Token> tokens = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        tokenize(code, tokens, findings);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind != Kind.IDENT) {
                continue;
            }
            boolean member = i > 0 && tokens.get(i - 1).kind == Kind.DOT;
            boolean annotation = i > 0 && tokens.get(i - 1).text.equals("@");
            if (FORBIDDEN_MEMBERS.contains(t.text)) {
                findings.add(new Finding(t.line, "'" + t.text + "' is not allowed in rule code"
                        + " (rules may not reach reflection, processes, the engine's internals, the clock or randomness)"));
                continue;
            }
            if (member || annotation) {
                continue; // a member (checked above) or a DRL annotation such as @role, @timestamp
            }
            // start of a dotted name: collect it
            List<String> segments = new ArrayList<>();
            segments.add(t.text);
            int j = i;
            while (j + 2 < tokens.size() && tokens.get(j + 1).kind == Kind.DOT && tokens.get(j + 2).kind == Kind.IDENT) {
                segments.add(tokens.get(j + 2).text);
                j += 2;
            }
            if ((t.text.equals("import") || t.text.equals("package")) && t.firstOnLine) {
                // statements checked by the caller against the import list; skip to the end of the line
                while (i + 1 < tokens.size() && tokens.get(i + 1).line == t.line) {
                    i++;
                }
                continue;
            }
            String problem = checkName(segments, declaredTypes);
            if (problem != null) {
                findings.add(new Finding(t.line, problem));
            }
            // the remaining segments are members of this name; forbidden ones are caught above
        }
        return findings;
    }

    private static String checkName(List<String> segments, Set<String> declaredTypes) {
        String first = segments.get(0);
        if (ENGINE_HANDLES.contains(first) && segments.size() > 1) {
            return "'" + first + "." + segments.get(1) + "' is not allowed: rules may pass " + first
                    + " to the fact model but not call it";
        }
        if (PACKAGE_ROOTS.contains(first) && segments.size() > 1) {
            int k = 0;
            while (k < segments.size() && !Character.isUpperCase(segments.get(k).charAt(0))) {
                k++;
            }
            String qualified = String.join(".", segments.subList(0, Math.min(k + 1, segments.size())));
            if (k == segments.size() || !allowedClass(qualified)) {
                return "'" + qualified + "' is not on the list of classes rules may use";
            }
            return null;
        }
        if (Character.isUpperCase(first.charAt(0)) && !allowedType(first, declaredTypes)) {
            return "'" + first + "' is not on the list of types rules may use (the fact model, Math, String, "
                    + "numbers, java.time values, collections)";
        }
        return null;
    }

    private enum Kind { IDENT, DOT, OTHER }

    private record Token(Kind kind, String text, int line, boolean firstOnLine) {
    }

    /** Splits code into identifiers, dots and other symbols, dropping comments and string/char literals. */
    private static void tokenize(String code, List<Token> tokens, List<Finding> findings) {
        int line = 1;
        boolean lineStart = true;
        int n = code.length();
        int i = 0;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\\' && i + 1 < n && code.charAt(i + 1) == 'u') {
                // Java turns \\uXXXX into characters before reading the code: an escape could spell any name
                findings.add(new Finding(line, "unicode escapes (\\u....) are not allowed in rule code"));
            }
            if (c == '\n') {
                line++;
                lineStart = true;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(code, i, end, '\n');
                checkEscapes(code, i, end, line, findings);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = endOfLiteral(code, i);
                checkEscapes(code, i, end, line, findings);
                line += count(code, i, end, '\n');
                i = end;
                lineStart = false;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, code.substring(start, i), line, lineStart));
                lineStart = false;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.' || code.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.OTHER, "0", line, lineStart));
                lineStart = false;
            } else {
                tokens.add(new Token(c == '.' ? Kind.DOT : Kind.OTHER, String.valueOf(c), line, lineStart));
                lineStart = false;
                i++;
            }
        }
    }

    private static void checkEscapes(String code, int from, int to, int line, List<Finding> findings) {
        int u = code.indexOf("\\u", from);
        if (u >= 0 && u < to) {
            findings.add(new Finding(line + count(code, from, u, '\n'),
                    "unicode escapes (\\u....) are not allowed in rule code"));
        }
    }

    /** The index just past the string or char literal starting at {@code start} (text blocks included). */
    private static int endOfLiteral(String code, int start) {
        char quote = code.charAt(start);
        if (quote == '"' && code.startsWith("\"\"\"", start)) {
            int end = code.indexOf("\"\"\"", start + 3);
            return end < 0 ? code.length() : end + 3;
        }
        int i = start + 1;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1;
            } else {
                i++;
            }
        }
        return code.length();
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
