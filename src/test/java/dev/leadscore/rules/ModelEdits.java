package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * A copy of a default model's files that a test edits the way Marketing Ops would: cells changed
 * with Apache POI in a copy of a table, lines changed in a DRL file.
 */
final class ModelEdits {
    final String model;
    final TreeMap<String, byte[]> files;

    private ModelEdits(String model, TreeMap<String, byte[]> files) {
        this.model = model;
        this.files = files;
    }

    static ModelEdits of(String model) {
        return new ModelEdits(model, new TreeMap<>(RuleFiles.read(Path.of("rules", model)).files()));
    }

    /** Changes a workbook with POI and stores the re-saved copy. */
    ModelEdits workbook(String file, Consumer<Workbook> edit) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(files.get(file)))) {
            edit.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            files.put(file, out.toByteArray());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a cell, e.g. {@code cell("engagement.xlsx", "Engagement", "F5", 60)}; a String or a Number. */
    ModelEdits cell(String file, String sheet, String ref, Object value) {
        return workbook(file, wb -> set(wb.getSheet(sheet), ref, value));
    }

    static void set(Sheet sheet, String ref, Object value) {
        CellReference r = new CellReference(ref);
        Row row = sheet.getRow(r.getRow()) != null ? sheet.getRow(r.getRow()) : sheet.createRow(r.getRow());
        Cell cell = row.getCell(r.getCol()) != null ? row.getCell(r.getCol()) : row.createCell(r.getCol());
        if (value == null) {
            cell.setBlank();
        } else if (value instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else {
            cell.setCellValue(value.toString());
        }
    }

    /** Replaces text in a DRL (or YAML) file; the text must be there. */
    ModelEdits text(String file, String old, String replacement) {
        String s = new String(files.get(file), StandardCharsets.UTF_8);
        if (!s.contains(old)) {
            throw new IllegalArgumentException(file + " does not contain " + old);
        }
        files.put(file, s.replace(old, replacement).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    ModelEdits put(String file, byte[] bytes) {
        files.put(file, bytes);
        return this;
    }

    ModelEdits remove(String file) {
        files.remove(file);
        return this;
    }

    RuleFiles files() {
        return RuleFiles.of(files);
    }

    Ruleset build() throws RulesetBuildException {
        return new RulesetBuilder(Clock.systemUTC()).build(model, files());
    }

    Ruleset build(RulesetLimits limits) throws RulesetBuildException {
        return new RulesetBuilder(Clock.systemUTC(), limits).build(model, files());
    }
}
