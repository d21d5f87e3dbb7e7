package dev.leadscore.rules.tables;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The cells of every worksheet of an {@code .xlsx}, read straight from its parts with
 * {@code java.util.zip} and the JDK's StAX parser: the workbook part found through the package's
 * relationships, its sheets in workbook order, the shared strings (rich-text runs joined) and each
 * sheet's cells with their saved values. Nothing else of the workbook (styles, themes, drawings) is
 * parsed, which is what makes it far cheaper to start than a full spreadsheet library; cells are
 * typed as Excel saved them ({@code t} attribute), and a value is decoded only when read, so a cell
 * that is never read cannot fail a workbook. No XML part may declare a DOCTYPE: the parser resolves
 * no entity, internal or external. Callers check the archive's size and entries first
 * ({@code WorkbookGuard}).
 */
final class WorkbookCells {
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String OFFICE_DOCUMENT = RELATIONSHIPS + "/officeDocument";
    private static final String STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";
    private static final String WORKSHEET = RELATIONSHIPS + "/worksheet";
    private static final String SHARED_STRINGS = RELATIONSHIPS + "/sharedStrings";
    private static final String SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
    /** How Excel escapes a character XML cannot hold in a string: _xHHHH_. */
    private static final Pattern ESCAPED = Pattern.compile("_x([0-9A-Fa-f]{4})_");
    private static final XMLInputFactory XML = xmlFactory();

    private WorkbookCells() {
    }

    /** A worksheet: its name (as on its tab) and its rows by 0-based number, each its cells by 0-based column. */
    record Sheet(String name, NavigableMap<Integer, NavigableMap<Integer, Cell>> rows) {
        int lastRowNum() {
            return rows.isEmpty() ? -1 : rows.lastKey();
        }

        /** One past the last column the row holds a cell in, -1 for a row with no cells or none at all. */
        int lastCellNum(int row) {
            NavigableMap<Integer, Cell> cells = rows.get(row);
            return cells == null || cells.isEmpty() ? -1 : cells.lastKey() + 1;
        }

        Cell cell(int row, int column) {
            NavigableMap<Integer, Cell> cells = rows.get(row);
            return cells == null ? null : cells.get(column);
        }
    }

    /** What a cell holds once read: the kind of its saved value and the value as text. */
    enum Kind { TEXT, NUMBER, BOOLEAN, NONE }

    /**
     * A cell as saved: its type attribute ({@code t}), its saved value ({@code v}), its inline
     * string ({@code is}) and whether it holds a formula.
     */
    record Cell(String type, String value, boolean hasValue, Rich inline, boolean formula, List<String> shared) {

        /** The kind of the value a person sees (a formula's saved result); fails on a type Excel does not write. */
        Kind kind() {
            return switch (type == null ? "n" : type) {
                case "b" -> Kind.BOOLEAN;
                case "n" -> !hasValue && !formula ? Kind.NONE : Kind.NUMBER;
                case "e" -> Kind.NONE;
                case "s", "inlineStr", "str" -> Kind.TEXT;
                default -> throw new IllegalStateException("Illegal cell type: " + type);
            };
        }

        /** Whether the cell holds text typed as such (not the result of a formula). */
        boolean typedText() {
            return !formula && kind() == Kind.TEXT;
        }

        /** The text of a TEXT cell: inline, the saved result or the shared string; null when a string has no text at all. */
        String text() {
            if ("inlineStr".equals(type)) {
                return inline != null ? inline.text() : decode(hasValue ? value : "");
            }
            if ("str".equals(type)) {
                return decode(hasValue ? value : "");
            }
            if (!hasValue) {
                return "";
            }
            try {
                return shared.get(Integer.parseInt(value));
            } catch (RuntimeException e) {
                return ""; // an index that points nowhere reads as an empty cell
            }
        }

        double number() {
            if (!hasValue || value.isEmpty()) {
                return 0.0;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Cannot get a NUMERIC value from a STRING cell");
            }
        }

        boolean bool() {
            return hasValue && "1".equals(value);
        }
    }

    /** A string with its runs: the plain text, or each run's text joined. */
    record Rich(String plain, List<String> runs) {
        String text() {
            if (runs.isEmpty()) {
                return decode(plain);
            }
            StringBuilder joined = new StringBuilder();
            runs.forEach(joined::append);
            return decode(joined.toString());
        }
    }

    /** The worksheets of a workbook, in the order of their tabs, from its parts by lower-case name ({@code WorkbookGuard.check}). */
    static List<Sheet> read(Map<String, byte[]> parts) throws IOException, XMLStreamException {
        if (!parts.containsKey("[content_types].xml")) {
            throw new IOException("Package should contain a content type part [M1.13]");
        }
        String sharedStringsByType = partOfType(parts, SHARED_STRINGS_TYPE); // parsed whole: a broken one fails here
        String workbook = null;
        for (Relationship r : relationships(parts, "/")) {
            if (r.type().equals(OFFICE_DOCUMENT)) {
                workbook = r.target();
                break;
            }
            if (r.type().equals(STRICT_OFFICE_DOCUMENT)) {
                throw new IOException("Strict OOXML isn't currently supported");
            }
        }
        if (workbook == null || part(parts, workbook) == null) {
            throw new IOException("OOXML file structure broken/invalid - no core document found!");
        }
        Map<String, String> sheetParts = new HashMap<>();
        String sharedStrings = null;
        for (Relationship r : relationships(parts, workbook)) {
            if (r.type().equals(WORKSHEET) && part(parts, r.target()) != null) {
                sheetParts.put(r.id(), r.target());
            } else if (r.type().equals(SHARED_STRINGS) && part(parts, r.target()) != null) {
                sharedStrings = r.target();
            }
        }
        if (sharedStrings == null) {
            sharedStrings = sharedStringsByType;
        }
        List<String> shared = sharedStrings == null ? List.of() : sharedStrings(part(parts, sharedStrings));
        List<Sheet> sheets = new ArrayList<>();
        for (String[] tab : tabs(part(parts, workbook))) {
            String target = sheetParts.get(tab[1]);
            if (target != null) {
                sheets.add(new Sheet(tab[0], rows(part(parts, target), shared)));
            }
        }
        return sheets;
    }

    private static byte[] part(Map<String, byte[]> parts, String name) {
        String key = name.startsWith("/") ? name.substring(1) : name;
        byte[] bytes = parts.get(key.toLowerCase(Locale.ROOT));
        if (bytes == null && key.contains("%")) {
            bytes = parts.get(URLDecoder.decode(key, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }
        return bytes;
    }

    private record Relationship(String id, String type, String target) {
    }

    /** The relationships of a part ({@code /} for the package's own), targets resolved to part names. */
    private static List<Relationship> relationships(Map<String, byte[]> parts, String source) throws XMLStreamException {
        String folder = source.substring(0, source.lastIndexOf('/') + 1);
        String file = source.substring(source.lastIndexOf('/') + 1);
        byte[] rels = part(parts, folder + "_rels/" + file + ".rels");
        List<Relationship> found = new ArrayList<>();
        if (rels == null) {
            return found;
        }
        XMLStreamReader xml = open(rels);
        try {
            while (next(xml) != XMLStreamConstants.END_DOCUMENT) {
                if (xml.isStartElement() && xml.getLocalName().equals("Relationship")
                        && !"External".equals(xml.getAttributeValue(null, "TargetMode"))) {
                    String target = xml.getAttributeValue(null, "Target");
                    if (target != null) {
                        found.add(new Relationship(xml.getAttributeValue(null, "Id"),
                                String.valueOf(xml.getAttributeValue(null, "Type")), resolve(folder, target)));
                    }
                }
            }
        } finally {
            xml.close();
        }
        return found;
    }

    private static String resolve(String folder, String target) {
        String path = target.startsWith("/") ? target : (folder.startsWith("/") ? folder : "/" + folder) + target;
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** The first part a content-type override names with the type, or null. */
    private static String partOfType(Map<String, byte[]> parts, String contentType) throws XMLStreamException {
        XMLStreamReader xml = open(parts.get("[content_types].xml"));
        String found = null;
        try {
            while (next(xml) != XMLStreamConstants.END_DOCUMENT) {
                if (found == null && xml.isStartElement() && xml.getLocalName().equals("Override")
                        && contentType.equals(xml.getAttributeValue(null, "ContentType"))) {
                    String name = xml.getAttributeValue(null, "PartName");
                    if (name != null && part(parts, name) != null) {
                        found = name;
                    }
                }
            }
            return found;
        } finally {
            xml.close();
        }
    }

    /** The sheets of workbook.xml, in order: name and relationship id. */
    private static List<String[]> tabs(byte[] workbook) throws XMLStreamException, IOException {
        List<String[]> tabs = new ArrayList<>();
        boolean listed = false;
        XMLStreamReader xml = open(workbook);
        try {
            while (next(xml) != XMLStreamConstants.END_DOCUMENT) {
                if (xml.isStartElement() && xml.getLocalName().equals("sheets")) {
                    listed = true;
                } else if (xml.isStartElement() && xml.getLocalName().equals("sheet")) {
                    tabs.add(new String[] {xml.getAttributeValue(null, "name"), xml.getAttributeValue(RELATIONSHIPS, "id")});
                }
            }
        } finally {
            xml.close();
        }
        if (!listed) {
            throw new IOException("Cannot read a workbook without sheets");
        }
        return tabs;
    }

    private static List<String> sharedStrings(byte[] part) throws XMLStreamException {
        List<String> strings = new ArrayList<>();
        XMLStreamReader xml = open(part);
        try {
            while (next(xml) != XMLStreamConstants.END_DOCUMENT) {
                if (xml.isStartElement() && xml.getLocalName().equals("si")) {
                    strings.add(rich(xml).text());
                }
            }
        } finally {
            xml.close();
        }
        return strings;
    }

    /** A string element ({@code si}, {@code is}) at its start: its own text and its runs' texts; phonetic runs left out. */
    private static Rich rich(XMLStreamReader xml) throws XMLStreamException {
        String plain = null;
        List<String> runs = new ArrayList<>();
        int depth = 1;
        String run = null;
        boolean inRun = false;
        while (depth > 0) {
            int event = next(xml);
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (depth == 1 && name.equals("t")) {
                    String t = xml.getElementText();
                    plain = plain == null ? t : plain;
                } else if (depth == 1 && name.equals("r")) {
                    inRun = true;
                    run = null;
                    depth++;
                } else if (depth == 2 && inRun && name.equals("t")) {
                    String t = xml.getElementText();
                    run = run == null ? t : run;
                } else {
                    skip(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (inRun && depth == 1) {
                    runs.add(String.valueOf(run)); // a run without text reads "null", as Excel's reference reader has it
                    inRun = false;
                }
            }
        }
        return new Rich(plain, runs);
    }

    /** The rows of a worksheet part; rows and cells without a reference follow the one before. */
    private static NavigableMap<Integer, NavigableMap<Integer, Cell>> rows(byte[] part, List<String> shared)
            throws XMLStreamException {
        NavigableMap<Integer, NavigableMap<Integer, Cell>> rows = new TreeMap<>();
        List<int[]> arrayFormulas = new ArrayList<>();
        boolean sheetData = false;
        XMLStreamReader xml = open(part);
        try {
            while (next(xml) != XMLStreamConstants.END_DOCUMENT) {
                if (!xml.isStartElement()) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("sheetData")) {
                    sheetData = true;
                } else if (name.equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    NavigableMap<Integer, Cell> cells = new TreeMap<>();
                    while (next(xml) != XMLStreamConstants.END_ELEMENT) {
                        if (xml.isStartElement() && xml.getLocalName().equals("c")) {
                            String ref = xml.getAttributeValue(null, "r");
                            int column = ref != null ? column(ref) : cells.isEmpty() ? 0 : cells.lastKey() + 1;
                            cells.put(column, cell(xml, shared, arrayFormulas));
                        } else if (xml.isStartElement()) {
                            skip(xml);
                        }
                    }
                    int number = r != null ? Math.toIntExact(Long.parseLong(r.strip()) - 1) : rows.isEmpty() ? 0 : rows.lastKey() + 1;
                    rows.put(number, cells);
                }
            }
        } finally {
            xml.close();
        }
        if (!sheetData) {
            throw new IllegalArgumentException("Had empty sheet data when initializing the sheet");
        }
        if (!arrayFormulas.isEmpty()) {
            // the cells an array formula spans are formula cells, though only the first holds the formula
            for (Map.Entry<Integer, NavigableMap<Integer, Cell>> row : rows.entrySet()) {
                for (Map.Entry<Integer, Cell> c : row.getValue().entrySet()) {
                    Cell cell = c.getValue();
                    if (!cell.formula() && inAny(arrayFormulas, row.getKey(), c.getKey())) {
                        c.setValue(new Cell(cell.type(), cell.value(), cell.hasValue(), cell.inline(), true, shared));
                    }
                }
            }
        }
        return rows;
    }

    /** A cell element at its start, read to its end. */
    private static Cell cell(XMLStreamReader xml, List<String> shared, List<int[]> arrayFormulas) throws XMLStreamException {
        String type = xml.getAttributeValue(null, "t");
        String value = null;
        boolean hasValue = false;
        Rich inline = null;
        boolean formula = false;
        while (next(xml) != XMLStreamConstants.END_ELEMENT) {
            if (!xml.isStartElement()) {
                continue;
            }
            switch (xml.getLocalName()) {
                case "v" -> {
                    if (!hasValue) {
                        value = xml.getElementText();
                        hasValue = true;
                    } else {
                        skip(xml);
                    }
                }
                case "is" -> inline = inline == null ? rich(xml) : skipped(xml, inline);
                case "f" -> {
                    String kind = xml.getAttributeValue(null, "t");
                    String ref = xml.getAttributeValue(null, "ref");
                    formula = !"dataTable".equals(kind);
                    if ("array".equals(kind) && ref != null) {
                        arrayFormulas.add(range(ref));
                    }
                    skip(xml);
                }
                default -> skip(xml);
            }
        }
        return new Cell(type, value, hasValue, inline, formula, shared);
    }

    private static Rich skipped(XMLStreamReader xml, Rich kept) throws XMLStreamException {
        skip(xml);
        return kept;
    }

    private static boolean inAny(List<int[]> ranges, int row, int column) {
        for (int[] r : ranges) {
            if (row >= r[0] && row <= r[1] && column >= r[2] && column <= r[3]) {
                return true;
            }
        }
        return false;
    }

    /** "B2:C5" (or "B2") as first row, last row, first column, last column, 0-based. */
    static int[] range(String ref) {
        String[] ends = ref.split(":", -1);
        if (ends.length > 2) {
            throw new IllegalArgumentException("'" + ref + "' is not a cell range");
        }
        int[] from = cellRef(ends[0]);
        int[] to = ends.length == 2 ? cellRef(ends[1]) : from;
        return new int[] {Math.min(from[0], to[0]), Math.max(from[0], to[0]), Math.min(from[1], to[1]), Math.max(from[1], to[1])};
    }

    /** The 0-based column of a cell reference such as "C7" or "$C$7". */
    static int column(String ref) {
        return cellRef(ref)[1];
    }

    private static int[] cellRef(String ref) {
        int i = ref.lastIndexOf('!') + 1;
        int column = 0;
        int letters = 0;
        if (i < ref.length() && ref.charAt(i) == '$') {
            i++;
        }
        for (; i < ref.length() && Character.isLetter(ref.charAt(i)); i++, letters++) {
            char ch = Character.toUpperCase(ref.charAt(i));
            if (ch < 'A' || ch > 'Z') {
                throw new IllegalArgumentException("Invalid cell reference: " + ref);
            }
            column = column * 26 + (ch - 'A' + 1);
        }
        if (i < ref.length() && ref.charAt(i) == '$') {
            i++;
        }
        int row = 0;
        int digits = 0;
        for (; i < ref.length() && Character.isDigit(ref.charAt(i)); i++, digits++) {
            row = Math.addExact(Math.multiplyExact(row, 10), ref.charAt(i) - '0');
        }
        if (i != ref.length() || letters == 0 || letters > 3 || (digits == 0 && letters == 0)) {
            throw new IllegalArgumentException("Invalid cell reference: " + ref);
        }
        return new int[] {digits == 0 ? -1 : row - 1, column - 1};
    }

    /** "A1" for row 0, column 0. */
    static String reference(int row, int column) {
        StringBuilder letters = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            letters.append((char) ('A' + (c - 1) % 26));
        }
        return letters.reverse().append(row + 1).toString();
    }

    /** Characters XML cannot hold, as Excel escapes them in strings (_x000D_ for a carriage return). */
    static String decode(String value) {
        if (value == null || !value.contains("_x")) {
            return value;
        }
        Matcher m = ESCAPED.matcher(value);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(value, at, m.start()).append((char) Integer.parseInt(m.group(1), 16));
            at = m.end();
        }
        return at == 0 ? value : out.append(value.substring(at)).toString();
    }

    private static XMLStreamReader open(byte[] part) throws XMLStreamException {
        return XML.createXMLStreamReader(new ByteArrayInputStream(part));
    }

    /** The next event; a DOCTYPE is refused outright (no entity of any kind is resolved). */
    private static int next(XMLStreamReader xml) throws XMLStreamException {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new XMLStreamException("the part declares a DOCTYPE or an entity; refused");
        }
        return event;
    }

    /** Skips the element whose start the reader is at, with all it holds. */
    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int event = next(xml);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }
}
