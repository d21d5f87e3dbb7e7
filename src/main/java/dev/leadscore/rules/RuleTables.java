package dev.leadscore.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;

/**
 * The decision tables of a workbook as Drools lays them out, read cell by cell with POI: a
 * {@code RuleSet} block (keyword in one column, value to its right: Import, Functions, ...) and one
 * or more {@code RuleTable <name>} blocks, each with a header row of column kinds (NAME,
 * CONDITION, ACTION, METADATA, ...), an object-type row, a code row (the snippet each cell value is
 * put into at {@code $param}, or {@code $1, $2} for comma-separated values), a label row, then one
 * row per rule until the first blank row.
 */
final class RuleTables {

    /** A keyword cell of the RuleSet block (Import, Functions, Variables, ...) and its value cell. */
    record Setting(String sheet, String keyword, String cell, String value) {
    }

    record Column(int index, String kind, String kindCell, String objectType, String objectCell, String code,
            String codeCell, String label) {

        String letter() {
            return CellReference.convertNumToColString(index);
        }

        /** The label users read (row under the code), else the kind. */
        String title() {
            return label == null || label.isBlank() ? kind : label;
        }
    }

    /** A cell's value as text, as the rules see it; {@code type} tells how it was stored. */
    record Value(String cell, String text, CellType type) {
        boolean blank() {
            return text == null || text.isBlank();
        }
    }

    record DataRow(int rowNumber, List<Value> values) {
        /** The value of {@code column} in this row (blank when the cell is missing). */
        Value valueOf(Column column, int firstColumn) {
            return values.get(column.index() - firstColumn);
        }
    }

    record Table(String sheet, String name, String tableCell, int firstColumn, List<Column> columns,
            List<DataRow> rows) {

        Column nameColumn() {
            return columns.stream().filter(c -> c.kind().equals("NAME")).findFirst().orElse(null);
        }

        /** The rule name of a row: its NAME cell, else the name Drools would generate. */
        String ruleName(DataRow row) {
            Column name = nameColumn();
            String text = name == null ? null : row.valueOf(name, firstColumn).text();
            return text == null || text.isBlank() ? this.name.replace(' ', '_') + "_" + row.rowNumber() : text.strip();
        }
    }

    record Contents(List<Setting> settings, List<Table> tables) {
    }

    private static final String RULE_TABLE = "RuleTable";
    private static final DataFormatter FORMATTER = new DataFormatter(Locale.ENGLISH);

    private RuleTables() {
    }

    static List<Table> tables(Workbook wb) {
        return read(wb).tables();
    }

    static Contents read(Workbook wb) {
        List<Setting> settings = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        for (Sheet sheet : wb) {
            readSheet(sheet, settings, tables);
        }
        return new Contents(settings, tables);
    }

    private static void readSheet(Sheet sheet, List<Setting> settings, List<Table> tables) {
        int last = sheet.getLastRowNum();
        for (int r = 0; r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            for (Cell cell : row) {
                if (cell.getCellType() != CellType.STRING) {
                    continue;
                }
                String text = cell.getStringCellValue().strip();
                if (text.startsWith(RULE_TABLE)) {
                    Table table = readTable(sheet, r, cell.getColumnIndex(), text.substring(RULE_TABLE.length()).strip());
                    tables.add(table);
                    r = table.rows().isEmpty() ? r + 4 : table.rows().get(table.rows().size() - 1).rowNumber() - 1;
                    break;
                }
                String keyword = keywordOf(text);
                if (keyword != null) {
                    Value value = value(sheet, r, cell.getColumnIndex() + 1);
                    settings.add(new Setting(sheet.getSheetName(), keyword, value.cell(), value.text()));
                    break;
                }
            }
        }
    }

    /** The RuleSet-block keywords whose values end up in the generated DRL. */
    private static String keywordOf(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "ruleset" -> "RuleSet";
            case "import" -> "Import";
            case "functions" -> "Functions";
            case "variables" -> "Variables";
            case "queries" -> "Queries";
            case "declare" -> "Declare";
            default -> null;
        };
    }

    private static Table readTable(Sheet sheet, int tableRow, int firstColumn, String name) {
        int header = tableRow + 1;
        List<Column> columns = new ArrayList<>();
        Row headerRow = sheet.getRow(header);
        if (headerRow != null) {
            for (int c = firstColumn; c < Math.max(firstColumn, headerRow.getLastCellNum()); c++) {
                Value kind = value(sheet, header, c);
                if (kind.blank()) {
                    continue; // Drools skips columns without a kind
                }
                Value object = value(sheet, header + 1, c);
                Value code = value(sheet, header + 2, c);
                Value label = value(sheet, header + 3, c);
                columns.add(new Column(c, kind.text().strip().toUpperCase(Locale.ROOT), kind.cell(),
                        object.blank() ? null : object.text(), object.cell(), code.blank() ? null : code.text(),
                        code.cell(), label.text()));
            }
        }
        List<DataRow> rows = new ArrayList<>();
        int lastColumn = columns.isEmpty() ? firstColumn : columns.get(columns.size() - 1).index();
        for (int r = header + 4; r <= sheet.getLastRowNum(); r++) {
            List<Value> values = new ArrayList<>();
            boolean blank = true;
            for (int c = firstColumn; c <= lastColumn; c++) {
                Value v = value(sheet, r, c);
                values.add(v);
                blank &= v.blank();
            }
            if (blank) {
                break;
            }
            rows.add(new DataRow(r + 1, values));
        }
        return new Table(sheet.getSheetName(), name, new CellReference(tableRow, firstColumn).formatAsString(false),
                firstColumn, columns, rows);
    }

    /** The text of a cell as Drools puts it into the DRL (numbers as their number format shows them). */
    static Value value(Sheet sheet, int row, int column) {
        String ref = new CellReference(row, column).formatAsString(false);
        Row r = sheet.getRow(row);
        Cell cell = r == null ? null : r.getCell(column);
        if (cell == null) {
            return new Value(ref, null, CellType.BLANK);
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        String text = switch (type) {
            case STRING -> cell.getStringCellValue();
            // as Drools reads it: the number as the cell's format shows it
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue().toString()
                    : FORMATTER.formatRawCellContents(cell.getNumericCellValue(), cell.getCellStyle().getDataFormat(),
                            cell.getCellStyle().getDataFormatString());
            case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
            case ERROR -> "#ERROR";
            default -> null;
        };
        return new Value(ref, text, type);
    }
}
