package dev.leadscore.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The last line of defence for everything compiled from a ruleset, DRL included: before a class
 * the compiler produced is loaded, its bytecode is read and every type, field and method it names
 * must be on this allowlist: the product's fact and helper types, {@code Math}, strings, boxed
 * numbers, collections, {@code java.time} (without reading the clock), and what the rule
 * compiler's own generated code calls. I/O, networking, reflection, class loaders, processes,
 * threads, {@code System} and method handles are refused, naming the rule.
 */
public final class BytecodeAllowlist {

    /** A reference a compiled class makes that rules may not make. */
    public record Finding(String className, String method, String rule, String reference) {
        public String message() {
            return (rule != null ? "rule '" + rule + "'" : "code in " + className.replace('/', '.') + "." + method)
                    + " uses " + reference + ", which rules may not call (only the fact types, Math, strings, numbers, "
                    + "collections and java.time are allowed)";
        }
    }

    /** Packages (internal names, as prefixes) whose members rules may use freely. */
    private static final List<String> ALLOWED_PREFIXES = List.of(
            "java/time/", "java/util/function/", "java/util/stream/",
            "dev/leadscore/scoring/table/",
            // what the executable-model compiler generates around each rule
            "org/drools/model/", "org/drools/modelcompiler/", "org/drools/base/", "org/kie/api/runtime/rule/",
            "org/drools/core/base/accumulators/",
            // the generated project descriptor: the KIE base and session definitions of the module
            "org/kie/api/builder/model/", "org/kie/api/conf/");

    /** Single types whose members rules may use (internal names). */
    private static final Set<String> ALLOWED_TYPES = Set.of(
            "java/lang/Math", "java/lang/StrictMath", "java/lang/String", "java/lang/StringBuilder",
            "java/lang/CharSequence", "java/lang/Character", "java/lang/Boolean", "java/lang/Number",
            "java/lang/Integer", "java/lang/Long", "java/lang/Double", "java/lang/Float", "java/lang/Short",
            "java/lang/Byte", "java/lang/Comparable", "java/lang/Iterable", "java/lang/Enum",
            "java/lang/Exception", "java/lang/RuntimeException", "java/lang/IllegalStateException",
            "java/lang/IllegalArgumentException", "java/lang/ArithmeticException", "java/lang/NullPointerException",
            "java/lang/IndexOutOfBoundsException", "java/lang/UnsupportedOperationException",
            "java/lang/Throwable", "java/lang/AssertionError", "java/lang/Record",
            "java/math/BigDecimal", "java/math/BigInteger", "java/math/RoundingMode", "java/math/MathContext",
            "java/util/List", "java/util/ArrayList", "java/util/LinkedList", "java/util/Map", "java/util/Map$Entry",
            "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/Set", "java/util/HashSet",
            "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/Collection", "java/util/Collections",
            "java/util/Iterator", "java/util/Arrays", "java/util/Objects", "java/util/Optional", "java/util/Comparator",
            "java/util/Locale", "java/util/AbstractMap$SimpleEntry",
            "dev/leadscore/scoring/Lead", "dev/leadscore/scoring/Company", "dev/leadscore/scoring/ActivityEvent",
            "dev/leadscore/scoring/Adjustment", "dev/leadscore/scoring/Category", "dev/leadscore/scoring/Setting",
            "dev/leadscore/scoring/Subtotal", "dev/leadscore/scoring/Band", "dev/leadscore/scoring/Stage",
            "dev/leadscore/scoring/ScoringContext", "dev/leadscore/scoring/Activation",
            "dev/leadscore/scoring/ExistingCustomer", "dev/leadscore/scoring/Scorecard",
            "dev/leadscore/scoring/SignalMet", "dev/leadscore/scoring/ProductSignal");

    /** Object's members that are harmless; getClass, wait and notify are not among them. */
    private static final Set<String> OBJECT_METHODS = Set.of("<init>", "equals", "hashCode", "toString");

    /**
     * Refused on any owner: reflection, the wall clock, class resources, and what the engine keeps
     * on an event between scores (the table rows it matched: not for rules to read or set).
     */
    private static final Set<String> FORBIDDEN_METHODS = Set.of("getClass", "forName", "wait", "notify", "notifyAll",
            "now", "getResource", "getResourceAsStream", "getDeclaringClass", "getClassLoader", "finalize",
            "rowsMatchedBy", "keepRowsMatchedBy");

    /** Single members of otherwise refused types that compiled code needs (array copies in enum values()). */
    private static final Set<String> ALLOWED_MEMBERS = Set.of("java/lang/System.arraycopy",
            "org/drools/util/DateUtils.getDateFormatMask", "org/kie/api/KieServices.get",
            "org/kie/api/KieServices.newKieModuleModel", "org/kie/api/runtime/conf/ClockTypeOption.get",
            "org/kie/util/maven/support/ReleaseIdImpl.<init>");

    /** Types named in java.time that read the clock or zones from the system. */
    private static final Set<String> FORBIDDEN_TYPES = Set.of("java/time/Clock", "java/time/ZoneId",
            "java/time/zone/ZoneRulesProvider");

    /** Bootstrap methods the Java compiler uses for lambdas and string concatenation. */
    private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory");

    private static final Pattern RULE_METHOD = Pattern.compile("rule_((?:[A-Za-z0-9]|_\\d+)+)");

    private BytecodeAllowlist() {
    }

    /** What the classes (internal name -> bytes) reference outside the allowlist; empty when all is allowed. */
    public static List<Finding> check(Map<String, byte[]> classes) {
        Set<String> own = classes.keySet();
        Map<String, String> ruleOfClass = rulesOfClasses(classes);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            new ClassReader(c.getValue()).accept(new Checker(c.getKey(), own, ruleOfClass.get(c.getKey()), findings),
                    ClassReader.SKIP_FRAMES);
        }
        return findings;
    }

    /**
     * The rule each generated class belongs to: the compiler builds each rule in a method named
     * after it ("rule_Reads_32a_32file") that names the classes of its constraints and consequence.
     */
    private static Map<String, String> rulesOfClasses(Map<String, byte[]> classes) {
        Map<String, String> rules = new java.util.HashMap<>();
        for (byte[] bytes : classes.values()) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String d, String sig, String[] ex) {
                    String rule = ruleOf(name);
                    if (rule == null) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        private void note(String owner) {
                            if (classes.containsKey(owner)) {
                                rules.putIfAbsent(owner, rule);
                            }
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String n, String desc) {
                            note(owner);
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String n, String desc, boolean itf) {
                            note(owner);
                        }

                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            note(type);
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        return rules;
    }

    static boolean allowed(String owner, String member, Set<String> own) {
        if (member != null && FORBIDDEN_METHODS.contains(member)) {
            return false;
        }
        String type = elementType(owner);
        if (type == null || own.contains(type) || ALLOWED_MEMBERS.contains(type + "." + member)
                || member == null && ALLOWED_MEMBERS.stream().anyMatch(m -> m.startsWith(type + "."))) {
            return true;
        }
        if (FORBIDDEN_TYPES.contains(type)) {
            return false;
        }
        if (type.equals("java/lang/Object")) {
            return member == null || OBJECT_METHODS.contains(member);
        }
        if (ALLOWED_TYPES.contains(type)) {
            return true;
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The class an internal name (or an array descriptor, as array owners are written) names; null for primitives. */
    private static String elementType(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        Type t = Type.getType(name).getElementType();
        return t.getSort() == Type.OBJECT ? t.getInternalName() : null;
    }

    private static final class Checker extends ClassVisitor {
        private final String className;
        private final Set<String> own;
        private final List<Finding> findings;
        private final Set<String> seen = new LinkedHashSet<>();
        private final String classRule;

        Checker(String className, Set<String> own, String classRule, List<Finding> findings) {
            super(Opcodes.ASM9);
            this.className = className;
            this.own = own;
            this.classRule = classRule;
            this.findings = findings;
        }

        private void check(String method, String owner, String member, String shown) {
            if (!allowed(owner, member, own) && seen.add(method + " " + shown)) {
                String rule = ruleOf(method);
                findings.add(new Finding(className, method, rule != null ? rule : classRule, shown));
            }
        }

        private void checkType(String method, Type t) {
            while (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                check(method, t.getInternalName(), null, t.getClassName());
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            if (superName != null) {
                check("<class>", superName, null, superName.replace('/', '.'));
            }
            if (interfaces != null) {
                for (String i : interfaces) {
                    check("<class>", i, null, i.replace('/', '.'));
                }
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return null; // a field's type alone does nothing; what is called on it is checked
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String method = name;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String member, String desc, boolean itf) {
                    check(method, owner, member, owner.replace('/', '.') + "." + member);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String member, String desc) {
                    check(method, owner, null, owner.replace('/', '.') + "." + member);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    check(method, type, null, type.replace('/', '.'));
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int dims) {
                    checkType(method, Type.getType(descriptor));
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type t) {
                        if (t.getSort() != Type.METHOD) {
                            checkType(method, t);
                        }
                    } else if (value instanceof Handle h) {
                        check(method, h.getOwner(), h.getName(), h.getOwner().replace('/', '.') + "." + h.getName());
                    } else if (value instanceof ConstantDynamic d) {
                        check(method, "java/lang/invoke/ConstantDynamic", d.getName(), "a dynamic constant");
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
                    if (!BOOTSTRAPS.contains(bootstrap.getOwner())) {
                        check(method, bootstrap.getOwner(), bootstrap.getName(),
                                "the bootstrap method " + bootstrap.getOwner().replace('/', '.') + "." + bootstrap.getName());
                    }
                    for (Object a : args) {
                        if (a instanceof Handle h) {
                            check(method, h.getOwner(), h.getName(), h.getOwner().replace('/', '.') + "." + h.getName());
                        }
                    }
                }
            };
        }
    }

    /** "rule_Engagement_32decay" -> "Engagement decay": the rule a generated method belongs to. */
    static String ruleOf(String method) {
        Matcher m = RULE_METHOD.matcher(method);
        if (!m.find()) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        Matcher part = Pattern.compile("_(\\d+)|([A-Za-z0-9])").matcher(m.group(1));
        while (part.find()) {
            if (part.group(1) != null) {
                name.appendCodePoint(Integer.parseInt(part.group(1)));
            } else {
                name.append(part.group(2));
            }
        }
        return name.toString();
    }
}
