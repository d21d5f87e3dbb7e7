package dev.leadscore.scoring.table;

/** A row of the Bands table: totals from..up to (inclusive) get the band. */
public record BandRow(String name, String band, double from, double upTo, String meaning, String source) {

    public boolean covers(int total) {
        return total >= from && total <= upTo;
    }

    public String getName() { return name; }
    public String getBand() { return band; }
}
