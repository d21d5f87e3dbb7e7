package dev.leadscore.scoring;

/** A combined figure (fit, engagement, total) and the arithmetic that produced it, in words. */
public final class Subtotal {
    public static final String FIT = "fit";
    public static final String ENGAGEMENT = "engagement";
    public static final String TOTAL = "total";

    private final String name;
    private final int value;
    private final String workings;

    public Subtotal(String name, int value, String workings) {
        this.name = name;
        this.value = value;
        this.workings = workings;
    }

    public String getName() { return name; }
    public int getValue() { return value; }
    public String getWorkings() { return workings; }
}
