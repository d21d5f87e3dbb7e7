package dev.leadscore.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * How a CRM export's columns and values become leads, outcomes and events: written by hand by
 * RevOps as YAML or JSON, so an export works without reshaping it first. See
 * {@code docs/revops-backtest.md} for every key.
 *
 * @param leads       the leads CSV: one row per lead
 * @param events      the optional events CSV: one row per activity event
 * @param placeholders values that mean "empty" wherever they appear ("Select", "N/A"), case-insensitive
 * @param joins       small lookup files joined to each lead row (for example accounts by account name)
 */
public record Mapping(LeadColumns leads, EventColumns events, List<String> placeholders, List<Join> joins,
        String delimiter) {

    /** Profile fields a column can fill; {@code attributes.<name>} fills a free-form attribute. */
    static final Set<String> PROFILE_FIELDS = Set.of("email", "firstName", "lastName", "title", "country", "source",
            "accountId", "company.name", "company.domain", "company.industry", "company.employees",
            "company.annualRevenue", "company.country", "company.techStack");
    static final String ATTRIBUTES = "attributes.";
    /** {@code leads.asOfDate: now}: every lead scored as of the moment the run starts. */
    static final String NOW = "now";
    static final List<String> DEFAULT_PLACEHOLDERS = List.of("select", "--select--", "n/a", "null", "-", "--");

    /**
     * @param id           the lead id column (optional: "line-N" when absent)
     * @param asOf         the column holding the date to score as of (hand-off date, created date...)
     * @param asOfDate     instead of a column: one date (or date and time) to score every lead as of,
     *                     or {@code now} for the moment the run starts
     * @param dateFormat   a {@link DateTimeFormatter} pattern for dates and times in this file; ISO when absent
     * @param timeZone     the zone of dates without an offset (default UTC); a bare date means the end of that day
     * @param outcome      which column says whether the lead converted, and which values count
     * @param fields       profile field (or {@code attributes.x}) -> column
     * @param values       profile field -> (value in the file -> value the rules expect), case-insensitive
     * @param scale        numeric field -> factor (revenue exported in millions: 1000000)
     * @param listSeparator how {@code company.techStack} items are separated in a cell (default ";")
     */
    public record LeadColumns(String id, String asOf, String asOfDate, String dateFormat, String timeZone, Outcome outcome,
            Map<String, String> fields, Map<String, Map<String, String>> values, Map<String, Double> scale,
            String listSeparator) {
    }

    /**
     * @param column       the outcome column
     * @param converted    values that count as converted (closed-won, "Won", "SQL"...), case-insensitive
     * @param notConverted values that count as not converted; when given, any other value (an open deal)
     *                     is left out of the backtest and counted; when absent, every other value is not converted
     */
    public record Outcome(String column, List<String> converted, List<String> notConverted) {
    }

    /**
     * @param leadId       the column naming the lead the event belongs to (matches the leads' id column)
     * @param id           the event id column (optional: "line-N" when absent)
     * @param type         the event type column
     * @param occurredAt   the event time column
     * @param types        value in the file -> event type the rules expect ("Demo Request" -> form_submit)
     * @param properties   event property -> column
     * @param propertyValues property -> (value in the file -> value the rules expect)
     * @param propertiesJson a column holding a JSON object of further properties
     */
    public record EventColumns(String leadId, String id, String type, String occurredAt, String dateFormat,
            String timeZone, Map<String, String> types, Map<String, String> properties,
            Map<String, Map<String, String>> propertyValues, String propertiesJson) {
    }

    /**
     * A small lookup file (kept in memory) whose row is joined to each lead row where
     * {@code leadsColumn} equals {@code column}; its columns can then be mapped like the lead's own.
     * A relative {@code file} is resolved against the mapping file's folder.
     */
    public record Join(String file, @JsonProperty("on") String leadsColumn, String column) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads a mapping file: JSON when it starts with "{", else YAML (a superset of JSON anyway). */
    public static Mapping read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in.readAllBytes(), file.getFileName().toString());
        } catch (IOException e) {
            throw new ImportException(file.getFileName().toString(), null, null, "cannot read: " + e.getMessage());
        }
    }

    public static Mapping parse(byte[] content, String fileName) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Mapping m;
        try {
            m = (text.startsWith("{") ? JSON : YAML).readValue(text, Mapping.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ImportException(fileName, null, null, "not a valid mapping" + where + ": " + e.getOriginalMessage());
        }
        if (m == null) {
            throw new ImportException(fileName, null, null, "the mapping file is empty");
        }
        m.validate(fileName);
        return m;
    }

    private void validate(String fileName) {
        List<String> errors = new ArrayList<>();
        if (leads == null) {
            errors.add("'leads' is required");
        } else {
            if (blank(leads.asOf) == blank(leads.asOfDate)) {
                errors.add("give either 'leads.asOf' (the column with the date to score each lead as of) or"
                        + " 'leads.asOfDate' (one date for every lead, or now), not both or neither");
            } else if (!blank(leads.asOfDate) && !NOW.equalsIgnoreCase(leads.asOfDate.strip())) {
                try {
                    new CellValues.Dates(leads.dateFormat, leads.timeZone).parse(leads.asOfDate.strip());
                } catch (RuntimeException e) {
                    errors.add("'leads.asOfDate' is not a date: " + e.getMessage());
                }
            }
            if (leads.outcome == null || blank(leads.outcome.column)) {
                errors.add("'leads.outcome.column' is required");
            } else if (leads.outcome.converted == null || leads.outcome.converted.isEmpty()) {
                errors.add("'leads.outcome.converted' must list the outcome values that count as converted");
            }
            for (String target : fields().keySet()) {
                if (!PROFILE_FIELDS.contains(target) && !(target.startsWith(ATTRIBUTES) && target.length() > ATTRIBUTES.length())) {
                    errors.add("'leads.fields." + target + "' is not a profile field; use one of " + new TreeSet<>(PROFILE_FIELDS)
                            + " or attributes.<name>");
                }
            }
            checkFormat(leads.dateFormat, leads.timeZone, "leads", errors);
        }
        if (events != null) {
            if (leads != null && blank(leads.id)) {
                errors.add("'leads.id' is required with an events section: it is how events find their lead");
            }
            for (String[] req : new String[][] {{"leadId", events.leadId}, {"type", events.type}, {"occurredAt", events.occurredAt}}) {
                if (blank(req[1])) {
                    errors.add("'events." + req[0] + "' is required when an events section is given");
                }
            }
            checkFormat(events.dateFormat, events.timeZone, "events", errors);
        }
        for (int i = 0; i < joinList().size(); i++) {
            Join j = joinList().get(i);
            if (j == null || blank(j.file) || blank(j.leadsColumn) || blank(j.column)) {
                errors.add("'joins[" + i + "]' needs file, on (the leads column) and column (the column of the joined file)");
            }
        }
        if (delimiter != null && delimiter.length() != 1) {
            errors.add("'delimiter' must be one character");
        }
        if (!errors.isEmpty()) {
            throw new ImportException(fileName, null, null, String.join("; ", errors));
        }
    }

    private static void checkFormat(String pattern, String zone, String section, List<String> errors) {
        if (pattern != null) {
            try {
                DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                errors.add("'" + section + ".dateFormat' is not a date pattern: " + e.getMessage());
            }
        }
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                errors.add("'" + section + ".timeZone' is not a time zone: " + zone);
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The one instant every lead is scored as of, or null when each lead's own column says. */
    java.time.Instant constantAsOf(java.time.Instant runStart) {
        if (blank(leads.asOfDate)) {
            return null;
        }
        String text = leads.asOfDate.strip();
        return NOW.equalsIgnoreCase(text) ? runStart : new CellValues.Dates(leads.dateFormat, leads.timeZone).parse(text);
    }

    Map<String, String> fields() {
        return leads.fields == null ? Map.of() : new LinkedHashMap<>(leads.fields);
    }

    List<Join> joinList() {
        return joins == null ? List.of() : joins;
    }

    List<String> placeholderValues() {
        return placeholders == null ? DEFAULT_PLACEHOLDERS : placeholders;
    }

    char delimiterChar() {
        return delimiter == null ? ',' : delimiter.charAt(0);
    }
}
