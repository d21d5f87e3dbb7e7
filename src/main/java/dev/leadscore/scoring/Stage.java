package dev.leadscore.scoring;

/** The lifecycle stage the rules reached (NONE, MQL, SALES_READY, PQL) and the comparison that decided it. */
public final class Stage {
    public static final String NONE = "NONE";
    public static final String MQL = "MQL";
    public static final String SALES_READY = "SALES_READY";
    public static final String PQL = "PQL";

    /** MQL or sales-ready: a lead that has an MQL date. */
    public static boolean isMql(String stage) {
        return MQL.equals(stage) || SALES_READY.equals(stage);
    }

    /** Handed to sales by the rules: MQL, sales-ready or PQL. */
    public static boolean isQualified(String stage) {
        return isMql(stage) || PQL.equals(stage);
    }

    private final String name;
    private final String workings;

    public Stage(String name, String workings) {
        this.name = name;
        this.workings = workings;
    }

    public String getName() { return name; }
    public String getWorkings() { return workings; }
}
