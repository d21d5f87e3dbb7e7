package dev.leadscore.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;

/**
 * Every mapped field of a CRM export, read once: per lead, the value of each field (text values
 * coded through a dictionary, numbers as numbers, lists as lists of codes, empty as its own
 * value) and the outcome. Fields are named as the business tables name them ("Industry",
 * "Employees", "CRM field occupation"), so a criterion built on them reads back as a table row.
 * With an events file, the event types and forms each lead had before its as-of date are two
 * more list fields.
 */
final class ExportProfile {

    enum Kind {
        /** one text value per lead */
        CATEGORY,
        /** one number per lead */
        NUMBER,
        /** several text values per lead (tech stack, event types) */
        LIST
    }

    /** Which table a criterion on the field belongs to: profile (fit) or behaviour (engagement). */
    enum Table {
        FIT, ENGAGEMENT
    }

    /** One field's values, lead by lead. */
    static final class Field {
        final String name;
        final String mappedFrom;
        final Table table;
        Kind kind;
        final List<String> dictionary = new ArrayList<>();
        private final Map<String, Integer> codes = new HashMap<>();
        /** per lead: dictionary code, -1 when empty (CATEGORY) */
        int[] code = new int[1024];
        /** per lead: the number, NaN when empty (NUMBER, and numeric-looking CRM fields) */
        double[] number = new double[1024];
        /** per lead: codes (LIST) */
        final List<int[]> list = new ArrayList<>();
        /** true while every non-empty value of a CRM field has been a number */
        boolean allNumbers = true;

        Field(String name, String mappedFrom, Kind kind, Table table) {
            this.name = name;
            this.mappedFrom = mappedFrom;
            this.kind = kind;
            this.table = table;
        }

        int codeOf(String value) {
            return codes.computeIfAbsent(value, v -> {
                dictionary.add(v);
                return dictionary.size() - 1;
            });
        }

        void grow(int n) {
            if (n >= code.length) {
                code = Arrays.copyOf(code, code.length * 2);
                number = Arrays.copyOf(number, number.length * 2);
            }
        }
    }

    /** How a mapped field is read from a lead. */
    private record Reader(Field field, Function<Lead, Object> value) {
    }

    final List<Field> fields = new ArrayList<>();
    /** Mapped fields that are not profiled, with why (names and ids say nothing about conversion). */
    final Map<String, String> notProfiled = new LinkedHashMap<>();
    private final List<Reader> readers = new ArrayList<>();
    private Field eventTypes;
    private Field forms;
    boolean[] converted = new boolean[1024];
    long[] lines = new long[1024];
    int leads;
    long rows;
    long unreadable;
    final Map<String, Long> skipped = new LinkedHashMap<>();

    private ExportProfile(Mapping mapping, boolean withEvents) {
        Set<String> targets = new LinkedHashSet<>(mapping.fields().keySet());
        boolean countryDone = false;
        for (String target : targets) {
            switch (target) {
                case "company.industry" -> add("Industry", target, Kind.CATEGORY, l -> l.getCompany().getIndustry());
                case "company.employees" -> add("Employees", target, Kind.NUMBER, l -> l.getCompany().getEmployees());
                case "company.annualRevenue" -> add("Annual revenue", target, Kind.NUMBER,
                        l -> l.getCompany().getAnnualRevenue());
                case "title" -> add("Title", target, Kind.CATEGORY, Lead::getTitle);
                case "country", "company.country" -> {
                    if (!countryDone) {
                        add("Country", target, Kind.CATEGORY, Lead::getEffectiveCountry);
                        countryDone = true;
                    }
                }
                case "company.techStack" -> add("Tech stack", target, Kind.LIST, l -> l.getCompany().getTechStack());
                case "email" -> add("E-mail domain", target, Kind.CATEGORY, Lead::getEmailDomain);
                case "company.domain" -> add("Domain", target, Kind.CATEGORY, l -> l.getCompany().getDomain());
                case "company.name" -> add("Company", target, Kind.CATEGORY, l -> l.getCompany().getName());
                case "source" -> add("Source", target, Kind.CATEGORY, Lead::getSource);
                default -> {
                    if (target.startsWith(Mapping.ATTRIBUTES)) {
                        String name = target.substring(Mapping.ATTRIBUTES.length());
                        add("CRM field " + name, target, Kind.CATEGORY, l -> l.getAttributes().get(name));
                    } else {
                        notProfiled.put(target, "a name or an id, not a trait of the lead");
                    }
                }
            }
        }
        if (withEvents) {
            eventTypes = new Field("Event type", "events.type", Kind.LIST, Table.ENGAGEMENT);
            fields.add(eventTypes);
            if (mapping.events().properties() != null && mapping.events().properties().containsKey("form")) {
                forms = new Field("Form", "events.properties.form", Kind.LIST, Table.ENGAGEMENT);
                fields.add(forms);
            }
        }
    }

    private void add(String name, String target, Kind kind, Function<Lead, Object> value) {
        Field f = new Field(name, target, kind, Table.FIT);
        fields.add(f);
        readers.add(new Reader(f, value));
    }

    /**
     * Reads the leads file (once per event bucket when there are events, like the backtest) and
     * keeps every lead that reads, with its outcome.
     */
    static ExportProfile read(Mapping mapping, Backtest.Source leads, Backtest.Source events,
            LeadReader.FileOpener joins, java.time.Instant runStart) {
        ExportProfile profile = new ExportProfile(mapping, events != null);
        EventBuckets buckets = null;
        try {
            if (events != null) {
                try (InputStream in = events.open()) {
                    buckets = EventBuckets.spill(mapping, events.name(), in, events.size(),
                            EventBuckets.DEFAULT_BYTES_PER_BUCKET, p -> profile.unreadable++);
                }
            }
            int bucketCount = buckets == null ? 1 : buckets.count();
            for (int bucket = 0; bucket < bucketCount; bucket++) {
                Map<String, List<ActivityEvent>> own = buckets == null ? Map.of() : buckets.load(bucket);
                try (InputStream in = leads.open();
                        CsvTable table = new CsvTable(leads.name(), in, mapping.delimiterChar())) {
                    LeadReader reader = new LeadReader(mapping, table, joins, runStart);
                    while (table.hasNext()) {
                        LeadReader.Result result = reader.read(table.next());
                        if (bucket == 0) {
                            profile.rows++;
                            if (result instanceof LeadReader.Unreadable) {
                                profile.unreadable++;
                            } else if (result instanceof LeadReader.Skipped s) {
                                profile.skipped.merge(s.reason(), 1L, Long::sum);
                            }
                        }
                        if (result instanceof LeadReader.Read read
                                && EventBuckets.bucketOf(read.lead().id(), bucketCount) == bucket) {
                            profile.add(read.lead(), own.getOrDefault(read.lead().id(), List.of()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (buckets != null) {
                buckets.close();
            }
        }
        profile.settleKinds();
        return profile;
    }

    private void add(HistoricalLead lead, List<ActivityEvent> events) {
        int n = leads;
        if (n >= converted.length) {
            converted = Arrays.copyOf(converted, converted.length * 2);
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        converted[n] = lead.converted();
        lines[n] = lead.line();
        for (Reader r : readers) {
            Field f = r.field;
            f.grow(n);
            Object v = r.value.apply(lead.lead());
            f.code[n] = -1;
            f.number[n] = Double.NaN;
            switch (f.kind) {
                case NUMBER -> {
                    if (v instanceof Number num) {
                        f.number[n] = num.doubleValue();
                    }
                }
                case LIST -> {
                    List<?> items = v instanceof List<?> l ? l : List.of();
                    f.list.add(items.stream().map(i -> f.codeOf(norm(String.valueOf(i)))).distinct()
                            .mapToInt(Integer::intValue).toArray());
                }
                case CATEGORY -> {
                    if (v != null && !String.valueOf(v).isBlank()) {
                        f.code[n] = f.codeOf(v instanceof String s ? s.strip() : String.valueOf(v));
                        if (v instanceof Number num) {
                            f.number[n] = num.doubleValue();
                        } else {
                            f.allNumbers = false;
                        }
                    }
                }
            }
        }
        if (eventTypes != null) {
            List<ActivityEvent> before = events.stream().filter(e -> !e.getOccurredAt().isAfter(lead.asOf())).toList();
            eventTypes.list.add(before.stream().map(e -> eventTypes.codeOf(e.getType())).distinct()
                    .mapToInt(Integer::intValue).toArray());
            if (forms != null) {
                forms.list.add(before.stream().map(e -> e.property("form")).filter(s -> s != null && !s.isBlank())
                        .map(s -> forms.codeOf(s.strip())).distinct().mapToInt(Integer::intValue).toArray());
            }
        }
        leads++;
    }

    private static String norm(String s) {
        return s.strip();
    }

    /** A CRM field whose values are all numbers, and many of them, is profiled in numeric buckets. */
    private void settleKinds() {
        for (Field f : fields) {
            if (f.kind == Kind.CATEGORY && f.name.startsWith("CRM field ") && f.allNumbers
                    && f.dictionary.size() > NumericBuckets.MANY_VALUES) {
                f.kind = Kind.NUMBER;
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
