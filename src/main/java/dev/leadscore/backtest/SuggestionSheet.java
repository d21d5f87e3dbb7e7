package dev.leadscore.backtest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.leadscore.api.CsvCells;

/**
 * The suggested points as a spreadsheet Marketing Ops work through row by row: where the rule's
 * row is (file, sheet, cell of its name), current and suggested points, and an empty "accept"
 * column to tick. Nothing here changes a rule file.
 */
final class SuggestionSheet {
    private SuggestionSheet() {
    }

    static String csv(BacktestReport.ModelReport model) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("file", "sheet", "row cell",
                "rule", "current points", "suggested points", "95% low", "95% high", "advice", "accept (y/n)").get())) {
            for (BacktestReport.Suggestion s : model.suggestions().rows()) {
                String[] where = s.source() == null ? new String[0] : s.source().split("!", 3);
                p.printRecord(CsvCells.safe(java.util.Arrays.asList(where.length > 0 ? where[0] : "",
                        where.length > 1 ? where[1] : "", where.length > 2 ? where[2] : "", s.rule(), s.currentPoints(),
                        s.suggestedPoints(), s.low(), s.high(), s.advice(), "")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
