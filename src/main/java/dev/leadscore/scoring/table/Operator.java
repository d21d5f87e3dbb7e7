package dev.leadscore.scoring.table;

/** How a condition compares a field with its cell. The words are the end of a column header. */
public enum Operator {
    IS_ANY_OF("is any of", Operand.LIST),
    IS_NONE_OF("is none of", Operand.LIST),
    IS_KNOWN_AND_NONE_OF("is known and none of", Operand.LIST),
    CONTAINS_ANY_OF("contains any of", Operand.LIST),
    STARTS_WITH_ANY_OF("starts with any of", Operand.LIST),
    FROM("from", Operand.NUMBER),
    BELOW("below", Operand.NUMBER),
    IS_EMPTY("is empty", Operand.YES_NO),
    IS_NOT_EMPTY("is not empty", Operand.YES_NO);

    /** What a cell of the column holds. */
    public enum Operand { LIST, NUMBER, YES_NO }

    private final String words;
    private final Operand operand;

    Operator(String words, Operand operand) {
        this.words = words;
        this.operand = operand;
    }

    public String words() { return words; }
    public Operand operand() { return operand; }
}
