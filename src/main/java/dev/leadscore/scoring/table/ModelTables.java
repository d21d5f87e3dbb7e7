package dev.leadscore.scoring.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leadscore.scoring.Adjustment;
import dev.leadscore.scoring.Band;
import dev.leadscore.scoring.Setting;

/**
 * Everything a model's Marketing Ops tables say, as typed data: the rows matched against the lead,
 * the rows matched against events, existing-customer rows, bands, settings and value groups. It is
 * handed to the product's fixed table rules as the global {@code tables}; the KIE base is the same
 * whatever the tables hold.
 */
public final class ModelTables {
    public static final ModelTables EMPTY = new ModelTables(List.of(), List.of(), ValueGroups.NONE, List.of());

    private final List<TableRow> leadRows;
    private final List<TableRow> eventRows;
    private final List<TableRow> customerRows;
    private final List<BandRow> bands;
    private final List<Setting> settings;
    private final List<ValueGroups.Group> groupList;
    private final Map<String, Double> settingValues;

    public ModelTables(List<TableRow> rows, List<BandRow> bands, ValueGroups groups, List<Setting> settings) {
        this(rows, bands, groups, settings, List.of());
    }

    public ModelTables(List<TableRow> rows, List<BandRow> bands, ValueGroups groups, List<Setting> settings,
            List<ValueGroups.Group> groupList) {
        List<TableRow> lead = new ArrayList<>();
        List<TableRow> event = new ArrayList<>();
        List<TableRow> customer = new ArrayList<>();
        for (TableRow r : rows) {
            TableRow row = r.withGroups(groups);
            if (row.getKind() == TableRow.Kind.EXISTING_CUSTOMER) {
                customer.add(row);
            } else if (row.getKind().onEvents()) {
                event.add(row);
            } else {
                lead.add(row);
            }
        }
        this.leadRows = List.copyOf(lead);
        this.eventRows = List.copyOf(event);
        this.customerRows = List.copyOf(customer);
        this.bands = List.copyOf(bands);
        this.settings = List.copyOf(settings);
        this.groupList = List.copyOf(groupList);
        this.settingValues = settings.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Setting::getName, Setting::getValue, (a, b) -> b));
    }

    public List<TableRow> getLeadRows() { return leadRows; }
    public List<TableRow> getEventRows() { return eventRows; }
    public List<TableRow> getCustomerRows() { return customerRows; }
    public List<BandRow> getBands() { return bands; }
    public List<Setting> getSettings() { return settings; }
    public List<ValueGroups.Group> getGroups() { return groupList; }

    public Optional<Double> setting(String name) {
        return Optional.ofNullable(settingValues.get(name));
    }

    /** All rows, in table order. */
    public List<TableRow> rows() {
        List<TableRow> all = new ArrayList<>(leadRows);
        all.addAll(eventRows);
        all.addAll(customerRows);
        return all;
    }

    /**
     * The band of a lead that a disqualifying negative hit: the lowest band, whatever the total;
     * named after the disqualifying rows so the explanation says why.
     */
    public Band disqualifiedBand(Collection<?> disqualifying) {
        BandRow lowest = bands.stream().min(Comparator.comparingDouble(BandRow::from)).orElse(null);
        String rules = disqualifying.stream().map(o -> ((Adjustment) o).getRule()).distinct().sorted()
                .reduce((a, b) -> a + "', '" + b).orElse("?");
        return new Band(lowest == null ? "COLD" : lowest.band(),
                (lowest == null ? "" : lowest.name() + ": ") + "capped, disqualified by '" + rules + "'");
    }
}
