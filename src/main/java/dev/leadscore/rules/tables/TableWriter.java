package dev.leadscore.rules.tables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes tables as a workbook in the format {@link TableReader} reads: A1 {@code Table}, B1 the
 * kind, A2 {@code Notes}, a blank row, the header row, then the rows. Cells that hold numbers are
 * written as numbers; text is written as text (never as a formula, whatever it starts with).
 */
public final class TableWriter {
    /** The header row of a written table. */
    public static final int HEADER_ROW = 4;

    private TableWriter() {
    }

    /** A table to write: kind, notes, headers and rows of cell values (String, Number or null). */
    public record Table(String sheet, String kind, String notes, List<String> headers, List<List<Object>> rows) {
    }

    public static byte[] write(List<Table> tables) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Font bold = wb.createFont();
            bold.setBold(true);
            CellStyle header = wb.createCellStyle();
            header.setFont(bold);
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            for (Table t : tables) {
                Sheet sheet = wb.createSheet(t.sheet());
                Row first = sheet.createRow(0);
                first.createCell(0).setCellValue("Table");
                first.getCell(0).setCellStyle(header);
                first.createCell(1).setCellValue(t.kind());
                if (t.notes() != null && !t.notes().isBlank()) {
                    Row notes = sheet.createRow(1);
                    notes.createCell(0).setCellValue("Notes");
                    notes.getCell(0).setCellStyle(header);
                    notes.createCell(1).setCellValue(t.notes());
                }
                Row head = sheet.createRow(HEADER_ROW - 1);
                for (int c = 0; c < t.headers().size(); c++) {
                    head.createCell(c).setCellValue(t.headers().get(c));
                    head.getCell(c).setCellStyle(header);
                }
                int r = HEADER_ROW;
                for (List<Object> values : t.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) {
                        Object v = values.get(c);
                        if (v instanceof Number n) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        } else if (v != null && !v.toString().isBlank()) {
                            row.createCell(c).setCellValue(v.toString());
                        }
                    }
                }
                for (int c = 0; c < t.headers().size(); c++) {
                    sheet.setColumnWidth(c, Math.min(60, Math.max(12, t.headers().get(c).length() + 4)) * 256);
                }
                sheet.createFreezePane(1, HEADER_ROW);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A grid as read, written back (the editor's path: change values, then write). */
    public static Table of(TableGrid grid) {
        List<String> headers = grid.headers().stream().map(c -> c.text() == null ? "" : c.text()).toList();
        List<List<Object>> rows = grid.rows().stream().map(r -> r.cells().stream().map(TableWriter::value).toList())
                .toList();
        return new Table(grid.sheet(), grid.kind(), grid.notes(), headers, rows);
    }

    private static Object value(TableGrid.Cell cell) {
        if (cell.blank()) {
            return null;
        }
        if (cell.number()) {
            try {
                return Double.parseDouble(cell.text());
            } catch (NumberFormatException e) {
                return cell.text();
            }
        }
        return cell.text();
    }
}
