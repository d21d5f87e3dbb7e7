package dev.leadscore.scoring.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Adjustment;
import dev.leadscore.scoring.Band;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.Scorecard;
import dev.leadscore.scoring.ScoringContext;
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
    /** Normalised event type -> the indexes (into eventRows) of the rows limited to it. */
    private final Map<String, int[]> eventRowsByType;
    /** The indexes of the event rows that may match an event of any type. */
    private final int[] eventRowsOfAnyType;
    /** Every field the event rows' conditions read, each once: an event's values are read once per score. */
    private final List<Field> eventFields;
    /** For each event row, for each of its conditions, the index of its field in eventFields. */
    private final int[][] eventRowFields;
    /** For each event row, the index of the condition its lookup by event type satisfies, or -1. */
    private final int[] eventRowTypeCondition;

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
        Map<String, List<Integer>> byType = new HashMap<>();
        List<Integer> anyType = new ArrayList<>();
        for (int i = 0; i < eventRows.size(); i++) {
            List<String> types = eventRows.get(i).eventTypes();
            if (types == null) {
                anyType.add(i);
            } else {
                for (String t : types) {
                    byType.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
                }
            }
        }
        Map<String, int[]> index = new HashMap<>();
        byType.forEach((t, indexes) -> index.put(t, indexes.stream().mapToInt(Integer::intValue).toArray()));
        this.eventRowsByType = Map.copyOf(index);
        this.eventRowsOfAnyType = anyType.stream().mapToInt(Integer::intValue).toArray();
        List<Field> fields = new ArrayList<>();
        for (TableRow row : eventRows) {
            for (Field f : row.fieldsRead()) {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
        }
        this.eventFields = List.copyOf(fields);
        this.eventRowFields = eventRows.stream().map(row -> row.fieldIndexes(eventFields)).toArray(int[][]::new);
        this.eventRowTypeCondition = eventRows.stream().mapToInt(TableRow::typeCondition).toArray();
    }

    /**
     * Gives the points of every row that applies to the lead and its events, in one pass over the
     * events: profile rows in table order, then each event row's events ("Counts at most" applied,
     * the latest first; a burst row's closing event), rows in table order. Returns the first
     * existing-customer row that matches the lead, or null.
     *
     * @param card holds the events that count, the latest first; the adjustments are added to it
     */
    public TableRow applyTo(Lead lead, ScoringContext context, Scorecard card) {
        for (TableRow row : leadRows) {
            if (row.appliesTo(lead)) {
                card.add(Adjustment.ofRow(row, null));
            }
        }
        if (!eventRows.isEmpty() && !card.getEvents().isEmpty()) {
            @SuppressWarnings("unchecked")
            List<ActivityEvent>[] matched = new List[eventRows.size()];
            EventValues values = null;
            for (ActivityEvent e : card.getEvents()) {
                int[] rows = e.rowsMatchedBy(this);
                if (rows == null) {
                    if (values == null) {
                        values = new EventValues(eventFields);
                    }
                    rows = rowsMatching(values.readFrom(e));
                    e.keepRowsMatchedBy(this, rows);
                }
                for (int i : rows) {
                    if (eventRows.get(i).within(e, context)) {
                        if (matched[i] == null) {
                            matched[i] = new ArrayList<>();
                        }
                        matched[i].add(e);
                    }
                }
            }
            for (int i = 0; i < matched.length; i++) {
                if (matched[i] != null) {
                    TableRow row = eventRows.get(i);
                    for (ActivityEvent e : row.counted(matched[i])) {
                        card.add(Adjustment.ofRow(row, e));
                    }
                }
            }
        }
        for (TableRow row : customerRows) {
            if (row.appliesTo(lead)) {
                return row;
            }
        }
        return null;
    }

    /**
     * The event rows whose conditions hold for the event, in table order: the rows of its type
     * (whose type condition then holds, unless the type is blank) and the rows of any type. They
     * depend on the event and these tables alone, so an event scored again under them (a lead's
     * kept events, at every new event) is not matched again; only "Within days" depends on the
     * score's instant, and is checked at every score.
     */
    private int[] rowsMatching(EventValues values) {
        int[] byType = eventRowsByType.get(values.type());
        int[] found = new int[(byType == null ? 0 : byType.length) + eventRowsOfAnyType.length];
        int n = 0;
        if (byType != null) {
            boolean typeHolds = !values.type().isEmpty();
            for (int i : byType) {
                if (eventRows.get(i).conditionsHold(values, eventRowFields[i], typeHolds ? eventRowTypeCondition[i] : -1)) {
                    found[n++] = i;
                }
            }
        }
        for (int i : eventRowsOfAnyType) {
            if (eventRows.get(i).conditionsHold(values, eventRowFields[i], -1)) {
                found[n++] = i;
            }
        }
        Arrays.sort(found, 0, n);
        return n == found.length ? found : Arrays.copyOf(found, n);
    }

    public List<TableRow> getLeadRows() { return leadRows; }
    public List<TableRow> getEventRows() { return eventRows; }
    public List<TableRow> getCustomerRows() { return customerRows; }
    public List<BandRow> getBands() { return bands; }
    public List<Setting> getSettings() { return settings; }
    public List<ValueGroups.Group> getGroups() { return groupList; }

    /** The settings by name, as the rules read them ({@link ScoringContext#setting}). */
    public Map<String, Double> settingValues() { return settingValues; }

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

    /** The band rows that cover {@code total}, in table order: one when the bands neither overlap nor leave gaps. */
    public List<BandRow> bandsCovering(int total) {
        for (int i = 0; i < bands.size(); i++) {
            if (bands.get(i).covers(total)) {
                for (int j = i + 1; j < bands.size(); j++) {
                    if (bands.get(j).covers(total)) {
                        return bands.stream().filter(b -> b.covers(total)).toList();
                    }
                }
                return List.of(bands.get(i));
            }
        }
        return List.of();
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
