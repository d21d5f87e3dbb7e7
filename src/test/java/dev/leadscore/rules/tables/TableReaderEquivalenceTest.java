package dev.leadscore.rules.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.RulesetLimits;

/**
 * The table reader, which reads workbooks straight from their XML, gives exactly what the reader
 * built on Apache POI's full workbook model gave ({@link PoiTableReader}, the oracle): the same
 * grids (cell references, text, numbers, yes/no) and the same problems, for the shipped tables,
 * for tables written by {@link TableWriter} and by POI with every kind of content, and for parts
 * written by hand the way other editors write them. Where a workbook cannot be read at all, both
 * say so (the reason in brackets comes from a different parser and is not compared).
 */
class TableReaderEquivalenceTest {
    static final String UNREADABLE = "not a readable .xlsx workbook (";
    static final TableReader READER = new TableReader(RulesetLimits.DEFAULTS);
    static final PoiTableReader ORACLE = new PoiTableReader(RulesetLimits.DEFAULTS);

    static Stream<Path> shippedTables() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            List<Path> tables = files.filter(p -> p.toString().endsWith(".xlsx")).sorted().toList();
            assertThat(tables).hasSizeGreaterThanOrEqualTo(10);
            return tables.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedTables")
    void theShippedTablesReadAsBefore(Path table) throws IOException {
        Read read = assertSame(table.getFileName().toString(), Files.readAllBytes(table));
        assertThat(read.grids()).isNotEmpty();
        assertThat(read.problems()).isEmpty();
    }

    /** 25 seeded workbooks per generator (each draws its cells from every kind the generator knows). */
    static IntStream seeds() {
        return IntStream.range(0, 25);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void workbooksWithAnyContentReadAsBefore(int seed) throws IOException {
        Random random = new Random(seed);
        assertSame("random.xlsx", poiWorkbook(random, new XSSFWorkbook()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void workbooksWithInlineStringsReadAsBefore(int seed) throws IOException {
        Random random = new Random(1000 + seed);
        try (SXSSFWorkbook streaming = new SXSSFWorkbook(100)) { // writes text as inline strings
            streaming.setZip64Mode(org.apache.commons.compress.archivers.zip.Zip64Mode.Never);
            byte[] bytes = poiWorkbook(random, streaming);
            assertThat(new String(unzip(bytes).get("xl/worksheets/sheet1.xml"), StandardCharsets.UTF_8))
                    .contains("t=\"inlineStr\"");
            assertSame("inline.xlsx", bytes);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tablesWrittenByTheWriterReadAsBefore(int seed) {
        Random random = new Random(2000 + seed);
        List<TableWriter.Table> tables = new ArrayList<>();
        for (int t = 0; t <= random.nextInt(3); t++) {
            List<String> headers = new ArrayList<>(List.of(pick(random, "Rule", "Setting", "Band", "Field")));
            for (int c = 1; c <= random.nextInt(8); c++) {
                headers.add(pick(random, "Points", "Reason", "Title contains any of", "Event type", "", " x ") + c);
            }
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 0; r < random.nextInt(30); r++) {
                List<Object> values = new ArrayList<>();
                for (int c = 0; c < headers.size(); c++) {
                    values.add(value(random));
                }
                rows.add(values);
            }
            tables.add(new TableWriter.Table("Sheet " + t, pick(random, "Fit", "Engagement", "Settings", "Bands"),
                    random.nextBoolean() ? null : text(random), headers, rows));
        }
        Read read = assertSame("written.xlsx", TableWriter.write(tables));
        assertThat(read.grids()).hasSameSizeAs(tables);
    }

    @Test
    void partsWrittenByOtherEditorsReadAsBefore() throws IOException {
        byte[] base = TableWriter.write(List.of(new TableWriter.Table("Fit", "Fit", "n", List.of("Rule", "Points", "Reason"),
                List.of(List.of("a", 1, "b")))));
        String head = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
        String tail = "</sheetData></worksheet>";
        String table = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Table</t></is></c>"
                + "<c r=\"B1\" t=\"inlineStr\"><is><t>Fit</t></is></c></row>"
                + "<row r=\"4\"><c r=\"A4\" t=\"str\"><v>Rule</v></c><c r=\"B4\" t=\"str\"><v>Points</v></c>"
                + "<c r=\"C4\" t=\"str\"><v>Reason</v></c></row>";
        List<String> sheets = List.of(
                // rows and cells without a reference follow the ones before
                head + table + "<row><c t=\"str\"><v>one</v></c><c><v>2.50</v></c><c t=\"b\"><v>1</v></c></row>"
                        + "<row><c r=\"B6\"><v>1e3</v></c><c t=\"str\"><v>x</v></c></row>" + tail,
                // escapes, runs, phonetic text, an empty inline string, whitespace and line breaks
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>Big</t></r><r><t xml:space=\"preserve\"> deal_x000D_</t></r>"
                        + "<rPh sb=\"0\" eb=\"1\"><t>ph</t></rPh></is></c><c r=\"B5\" t=\"inlineStr\"><is><t>  4\t\n</t></is></c>"
                        + "<c r=\"C5\" t=\"inlineStr\"><is><t>_x0041_&amp;&#10;&lt;b&gt;<![CDATA[<c>]]></t></is></c></row>"
                        + "<row r=\"6\"><c r=\"A6\" t=\"str\"><v>x</v></c><c r=\"B6\" t=\"inlineStr\"><v>9</v></c></row>" + tail,
                // formulas: results of every type, an array spanning cells, a data table, no saved value
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c><c r=\"B5\"><f>1+1</f><v>2</v></c>"
                        + "<c r=\"C5\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
                        + "<row r=\"6\"><c r=\"A6\" t=\"b\"><f>TRUE()</f><v>1</v></c><c r=\"B6\"><f t=\"array\" ref=\"B6:C7\">A1:B2</f><v>3</v></c><c r=\"C6\"/></row>"
                        + "<row r=\"7\"><c r=\"A7\" t=\"str\"><v>r</v></c><c r=\"B7\"><f t=\"dataTable\" ref=\"B7\" dt2D=\"0\" dtr=\"0\" r1=\"A1\"/></c>"
                        + "<c r=\"C7\"><f>X</f></c></row>" + tail,
                // a number that does not parse, in a cell that is read
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"str\"><v>a</v></c><c r=\"B5\"><v>abc</v></c></row>" + tail,
                // an unknown cell type, in a cell that is read, then one that is not
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"d\"><v>2026-01-01</v></c></row>" + tail,
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"str\"><v>a</v></c></row><row r=\"9\"><c r=\"Z9\" t=\"d\"><v>x</v></c></row>" + tail,
                // shared strings that point nowhere, and rows in any order with duplicates
                head + table + "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>99</v></c><c r=\"B6\" t=\"s\"><v>x</v></c><c r=\"C6\" t=\"s\"/></row>"
                        + "<row r=\"5\"><c r=\"A5\" t=\"str\"><v>first</v></c></row><row r=\"5\"><c r=\"A5\" t=\"str\"><v>second</v></c></row>" + tail,
                // an inline string without text
                head + table + "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is/></c></row>" + tail,
                // no sheet data at all, and a sheet that is not a table
                "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>",
                head + "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>Notes</v></c></row>" + tail,
                // the old layout, found in a string cell of the first fifty rows only
                head + "<row r=\"3\"><c r=\"C3\" t=\"str\"><v> RuleTable Fit</v></c></row>" + tail,
                head + "<row r=\"3\"><c r=\"C3\" t=\"str\"><f>1</f><v>RuleSet</v></c></row><row r=\"60\"><c r=\"A60\" t=\"str\"><v>ruleset</v></c></row>" + tail,
                // references with dollars and lower case, row numbers far apart
                head + "<row r=\"1\"><c r=\"$a$1\" t=\"str\"><v>table</v></c><c r=\"b1\" t=\"str\"><v>Bands</v></c></row>"
                        + "<row r=\"2\"><c r=\"A2\" t=\"str\"><v>notes</v></c><c r=\"B2\" t=\"str\"><v>n</v></c></row>"
                        + "<row r=\"3\"><c r=\"A3\" t=\"str\"><v>Band</v></c><c r=\"B3\" t=\"str\"><v>From</v></c></row>"
                        + "<row r=\"4\"><c r=\"A4\" t=\"str\"><v>Hot</v></c><c r=\"AB4\"><v>7</v></c></row>"
                        + "<row r=\"3000\"><c r=\"A3000\"><v>1</v></c></row>" + tail);
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < sheets.size(); i++) {
            Map<String, byte[]> parts = unzip(base);
            parts.put("xl/worksheets/sheet1.xml", sheets.get(i).getBytes(StandardCharsets.UTF_8));
            reads.add(assertSame("edited-" + i + ".xlsx", zip(parts)));
        }
        // what the variants must show, beyond being the same
        assertThat(reads.get(0).grids().get(0).rows()).extracting(r -> r.cells().stream().map(TableGrid.Cell::text).toList())
                .containsExactly(List.of("one", "2.5", "yes"), List.of("null", "1000", "x").stream().map(t -> t.equals("null") ? null : t).toList());
        assertThat(reads.get(2).grids().get(0).rows().get(1).cells()).extracting(TableGrid.Cell::text).containsExactly("yes", "3", "0");
        assertThat(reads.get(3).problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith(UNREADABLE));
        assertThat(reads.get(5).problems()).isEmpty();
        assertThat(reads.get(10).problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("old decision-table"));
    }

    @Test
    void aSharedStringTableWithRunsAndEscapesReadsAsBefore() throws IOException {
        Map<String, byte[]> parts = unzip(TableWriter.write(List.of(new TableWriter.Table("Fit", "Fit", null,
                List.of("Rule", "Reason"), List.of(List.of("a", "b"), List.of("c", "d"))))));
        String sst = new String(parts.get("xl/sharedStrings.xml"), StandardCharsets.UTF_8);
        int i = sst.indexOf("<si><t>b</t></si>");
        assertThat(i).isPositive();
        sst = sst.substring(0, i) + "<si><r><t>Run</t></r><r><rPr/></r><r><t>_x0009_two</t></r><rPh><t>p</t></rPh></si>"
                + sst.substring(i + "<si><t>b</t></si>".length());
        sst = sst.replace("<si><t>d</t></si>", "<si><phoneticPr fontId=\"0\"/></si>");
        parts.put("xl/sharedStrings.xml", sst.getBytes(StandardCharsets.UTF_8));
        Read read = assertSame("runs.xlsx", zip(parts));
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith(UNREADABLE));
        parts.put("xl/sharedStrings.xml", sst.replace("<si><phoneticPr fontId=\"0\"/></si>", "<si><t>d</t></si>")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(assertSame("runs.xlsx", zip(parts)).grids().get(0).rows().get(0).get(1).text()).isEqualTo("Runnull two");
    }

    @Test
    void aPartThatInflatesLikeAZipBombIsRefusedAsBefore() throws IOException {
        Map<String, byte[]> parts = unzip(TableWriter.write(List.of(new TableWriter.Table("Fit", "Fit", null,
                List.of("Rule"), List.of(List.of("a"))))));
        // 2 MiB of one repeated byte, far below the largest part allowed, deflates about 1000 times
        parts.put("docProps/padding.xml", new byte[2 << 20]);
        byte[] bomb = zip(parts);
        List<BuildProblem> problems = new ArrayList<>();
        assertThat(READER.read("bomb.xlsx", bomb, problems)).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("part 'docProps/padding.xml' of the workbook inflates ").endsWith(" times its stored size; refused as a possible zip bomb"));
        // POI, with the limits the service set, refused the same workbook when it opened it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.apache.poi.ss.usermodel.WorkbookFactory.create(
                new java.io.ByteArrayInputStream(bomb))).hasMessageContaining("Zip bomb detected");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void damagedWorkbooksAreRefusedOrReadAsBefore(int seed) throws IOException {
        Random random = new Random(3000 + seed);
        Map<String, byte[]> parts = unzip(poiWorkbook(random, new XSSFWorkbook()));
        // drop or truncate one part, as a broken save or a hostile upload might
        List<String> names = new ArrayList<>(parts.keySet());
        String victim = names.get(random.nextInt(names.size()));
        if (random.nextBoolean()) {
            parts.remove(victim);
        } else {
            byte[] b = parts.get(victim);
            parts.put(victim, java.util.Arrays.copyOf(b, random.nextInt(Math.max(1, b.length))));
        }
        byte[] damaged = zip(parts);
        Read oracle = read(ORACLE::read, damaged);
        Read read = read(READER::read, damaged);
        if (victim.startsWith("xl/worksheets/") || victim.equals("xl/sharedStrings.xml") || victim.equals("xl/workbook.xml")
                || victim.contains("rels") || victim.equals("[Content_Types].xml")) {
            // the parts the tables come from: the same answer
            assertThat(read).as(victim).isEqualTo(oracle);
        } else if (!oracle.equals(read)) {
            // a part tables do not come from (styles, properties, theme): POI parses it, the reader need not
            assertThat(oracle.problems()).as(victim).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith(UNREADABLE));
        }
    }

    record Read(List<TableGrid> grids, List<BuildProblem> problems) {
    }

    interface Reader {
        List<TableGrid> read(String file, byte[] bytes, List<BuildProblem> problems);
    }

    static Read read(Reader reader, byte[] bytes) {
        List<BuildProblem> problems = new ArrayList<>();
        List<TableGrid> grids = reader.read("t.xlsx", bytes, problems);
        // the reason a workbook cannot be read comes from the parser; that it cannot be read is compared
        return new Read(grids, problems.stream().map(p -> p.message().startsWith(UNREADABLE)
                ? new BuildProblem(p.file(), p.sheet(), p.cell(), p.line(), UNREADABLE) : p).toList());
    }

    static Read assertSame(String name, byte[] bytes) {
        Read oracle = read(ORACLE::read, bytes);
        Read read = read(READER::read, bytes);
        assertThat(read).as(name).isEqualTo(oracle);
        return read;
    }

    /** A workbook of 1-4 sheets: tables of every kind of cell, notes sheets, the old layout, gaps and odd rows. */
    static byte[] poiWorkbook(Random random, Workbook wb) throws IOException {
        Font bold = wb.createFont();
        bold.setBold(true);
        int sheets = 1 + random.nextInt(4);
        for (int s = 0; s < sheets; s++) {
            Sheet sheet = wb.createSheet("S" + s + pick(random, "", " notes", " (2)", "'s"));
            int shape = random.nextInt(10);
            if (shape == 0) { // not a table
                cell(sheet, 0, 0).setCellValue(text(random));
                cell(sheet, 3, 2).setCellValue(random.nextDouble());
                continue;
            }
            if (shape == 1) { // the old layout, in any case
                cell(sheet, random.nextInt(5), random.nextInt(3)).setCellValue(pick(random, "RuleSet", "ruletable X", " RULETABLE a"));
                continue;
            }
            cell(sheet, 0, 0).setCellValue(pick(random, "Table", " table ", "TABLE", "Table"));
            if (shape != 2) {
                cell(sheet, 0, 1).setCellValue(pick(random, "Fit", "Engagement", " Settings ", "Bands", "Value groups"));
            }
            if (random.nextBoolean()) {
                cell(sheet, 1, 0).setCellValue(pick(random, "Notes", "notes "));
                cell(sheet, 1, 1).setCellValue(text(random));
            }
            int header = 2 + random.nextInt(3);
            if (shape != 3) {
                int columns = 1 + random.nextInt(9);
                cell(sheet, header, 0).setCellValue(pick(random, "Rule", "Setting", "Band", "Field", " rule"));
                for (int c = 1; c < columns; c++) {
                    if (random.nextInt(6) > 0) {
                        cell(sheet, header, c).setCellValue("H" + c);
                    }
                }
                int rows = random.nextInt(25);
                for (int r = header + 1; r <= header + rows; r++) {
                    if (random.nextInt(12) == 0) {
                        continue; // a blank row ends the table; what follows is not read
                    }
                    for (int c = 0; c < columns + (random.nextInt(8) == 0 ? 2 : 0); c++) {
                        fill(random, wb, sheet, r, c, bold);
                    }
                    if (random.nextInt(8) == 0) {
                        sheet.getRow(r).setZeroHeight(true); // hidden rows change nothing
                    }
                }
                if (random.nextInt(4) == 0 && rows > 2) {
                    sheet.addMergedRegion(new CellRangeAddress(header + 1, header + 2, 1, 2));
                }
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.write(out);
            wb.close();
            return out.toByteArray();
        }
    }

    static void fill(Random random, Workbook wb, Sheet sheet, int r, int c, Font bold) {
        int kind = random.nextInt(14);
        Cell cell = cell(sheet, r, c);
        switch (kind) {
            case 0, 1, 2 -> cell.setCellValue(text(random));
            case 3, 4 -> cell.setCellValue(pick(random, 0.0, 1.0, -3.0, 50.0, 0.1, 2.5, 1e15, 1e16, 123456789.125, -0.000123, 1e-7, 7e20, 100.10));
            case 5 -> cell.setCellValue(random.nextInt(2000) - 1000);
            case 6 -> cell.setCellValue(random.nextBoolean());
            case 7 -> { } // created, no value: a blank cell
            case 8 -> {
                cell.setCellFormula(pick(random, "1+1", "2.5*3", "\"a\"&\"b\"", "1/0", "TRUE()", "LEN(\"abc\")>2", "10/4"));
                if (random.nextInt(3) > 0 && wb instanceof XSSFWorkbook) {
                    wb.getCreationHelper().createFormulaEvaluator().evaluateFormulaCell(cell);
                }
            }
            case 9 -> {
                if (wb instanceof XSSFWorkbook) {
                    XSSFRichTextString rich = new XSSFRichTextString("Rich " + text(random));
                    rich.applyFont(0, 4, bold);
                    cell.setCellValue(rich);
                } else {
                    cell.setCellValue("Rich");
                }
            }
            case 10 -> cell.setCellValue(pick(random, "  ", "", "\t", " \n "));
            case 11 -> cell.setCellValue("x".repeat(1990 + random.nextInt(20)));
            default -> cell.setCellValue(pick(random, "yes", "no", "Demo request", "form_submit", "VP, Director", "=1+1", "50"));
        }
    }

    static Cell cell(Sheet sheet, int r, int c) {
        Row row = sheet.getRow(r) != null ? sheet.getRow(r) : sheet.createRow(r);
        return row.createCell(c);
    }

    static Object value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> random.nextInt(200) - 100;
            case 2 -> Math.round(random.nextDouble() * 10000) / 100.0;
            case 3 -> pick(random, 1e15, 1e16, 0.1 + 0.2, -0.0, 3.0);
            default -> text(random);
        };
    }

    static String text(Random random) {
        return pick(random, "Demo request", "  padded  ", "line\nbreak", "tab\there", "ctl\u0001char", "_x000D_ escaped",
                "Ünïcödé ✓", "a & b < c", "\"quoted\"", "VP Sales, Director", "x".repeat(random.nextInt(40)), "0.50", "");
    }

    @SafeVarargs
    static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                parts.put(e.getName(), zip.readAllBytes());
            }
        }
        return parts;
    }

    static byte[] zip(Map<String, byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> p : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(p.getKey()));
                zip.write(p.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
