package dev.leadscore.backtest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leadscore.backtest.BacktestReport.BandRow;
import dev.leadscore.backtest.BacktestReport.Decile;
import dev.leadscore.backtest.BacktestReport.Flag;
import dev.leadscore.backtest.BacktestReport.ModelReport;
import dev.leadscore.backtest.BacktestReport.RuleLift;
import dev.leadscore.backtest.BacktestReport.Suggestion;

/**
 * The backtest report as one self-contained HTML page: styles and charts (inline SVG) are in
 * the file, nothing is fetched, so it opens from disk or an e-mail attachment.
 */
public final class HtmlReport {
    private final StringBuilder h = new StringBuilder(64 * 1024);

    private HtmlReport() {
    }

    public static String render(BacktestReport r) {
        return new HtmlReport().page(r);
    }

    private String page(BacktestReport r) {
        List<ModelReport> models = new ArrayList<>();
        models.add(r.active());
        if (r.draft() != null) {
            models.add(r.draft());
        }
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backtest: ")
                .append(esc(r.inputs().model())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.RED{color:#fff;background:#c62828;font-weight:bold}")
                .append(".OK{color:#1b5e20;background:#e8f5e9}.INFO{background:#eef}.cols{display:flex;gap:2em;flex-wrap:wrap}")
                .append(".cols>div{flex:1;min-width:420px}small,.note{color:#666}svg text{font-size:11px}")
                .append("</style></head><body>");
        h.append("<h1>Backtest of model ").append(esc(r.inputs().model())).append("</h1><p class=\"note\">Generated ")
                .append(esc(String.valueOf(r.generatedAt()))).append(" from ").append(esc(r.inputs().leadsFile()));
        if (r.inputs().eventsFile() != null) {
            h.append(" and ").append(esc(r.inputs().eventsFile()));
        }
        h.append(" with mapping ").append(esc(r.inputs().mappingFile())).append(". <a href=\"")
                .append(esc(r.inputs().scoresFile())).append("\">Per-lead scores (CSV)</a>. Each lead is scored as of its own date with the same rules and engine as live scoring.</p>");
        imported(r.imported());
        h.append("<h2>Key figures</h2>");
        keyFigures(models);
        h.append("<h2>Checks (domain.md validation and red flags)</h2><div class=\"cols\">");
        for (ModelReport m : models) {
            h.append("<div><h3>").append(title(m)).append("</h3><table><tr><th class=l>check</th><th class=l>status</th><th class=l>detail</th></tr>");
            for (Flag f : m.flags()) {
                h.append("<tr><td class=l>").append(esc(f.check())).append("</td><td class=\"l ").append(f.status())
                        .append("\">").append(f.status()).append("</td><td class=l>").append(esc(f.detail())).append("</td></tr>");
            }
            h.append("</table></div>");
        }
        h.append("</div><h2>Score distribution and conversion by total</h2><div class=\"cols\">");
        for (ModelReport m : models) {
            h.append("<div><h3>").append(title(m)).append("</h3>");
            distribution(m);
            h.append("</div>");
        }
        h.append("</div><h2>Conversion by band</h2><p class=note>Next to what domain.md expects for a sales-led and a product-led model; the verdict uses the ")
                .append("pattern of this model and the 95% interval of the observed rate.</p><div class=\"cols\">");
        for (ModelReport m : models) {
            h.append("<div><h3>").append(title(m)).append(" <small>(expects the ").append(esc(m.expectedPattern()))
                    .append(" pattern)</small></h3>");
            bands(m);
            h.append("</div>");
        }
        h.append("</div><h2>Calibration per score decile</h2><p class=note>Observed conversion against a logistic curve fitted to conversion by total. ")
                .append("Deciles keep equal totals together, so their sizes can differ.</p><div class=\"cols\">");
        for (ModelReport m : models) {
            h.append("<div><h3>").append(title(m)).append("</h3>");
            calibration(m);
            h.append("</div>");
        }
        h.append("</div>");
        for (ModelReport m : models) {
            rules(m);
        }
        for (ModelReport m : models) {
            suggestions(m);
        }
        for (ModelReport m : models) {
            lowest(m);
        }
        if (r.comparison() != null) {
            var c = r.comparison();
            h.append("<h2>Draft against active, lead by lead</h2><p>").append(c.bandChanged()).append(" of ")
                    .append(c.leads()).append(" leads change band, ").append(c.stageChanged()).append(" change stage.</p>");
            if (!c.stageTransitions().isEmpty()) {
                h.append("<table><tr><th class=l>stage (active -> draft)</th><th>leads</th></tr>");
                c.stageTransitions().forEach((k, v) -> h.append("<tr><td class=l>").append(esc(k)).append("</td><td>").append(v).append("</td></tr>"));
                h.append("</table>");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String title(ModelReport m) {
        return esc(m.model()) + " <small>" + esc(m.version()) + "</small>";
    }

    private void imported(BacktestReport.ImportSummary s) {
        h.append("<h2>Import</h2><table><tr><th class=l>leads CSV rows</th><td>").append(s.leadRows())
                .append("</td></tr><tr><th class=l>scored</th><td>").append(s.leadsScored())
                .append("</td></tr><tr><th class=l>left out on purpose</th><td>").append(s.leadRowsSkipped()).append("</td></tr>");
        s.skippedByReason().forEach((k, v) -> h.append("<tr><td class=l>&nbsp;&nbsp;").append(esc(k)).append("</td><td>").append(v).append("</td></tr>"));
        h.append("<tr><th class=l>unreadable lead rows</th><td>").append(s.leadRowsUnreadable()).append("</td></tr>");
        if (s.eventBuckets() > 0) {
            h.append("<tr><th class=l>events read</th><td>").append(s.eventRowsRead())
                    .append("</td></tr><tr><th class=l>unreadable event rows</th><td>").append(s.eventRowsUnreadable())
                    .append("</td></tr><tr><th class=l>events of leads not in the leads file</th><td>").append(s.eventsForUnknownLeads()).append("</td></tr>");
        }
        h.append("</table>");
        if (!s.problems().isEmpty()) {
            h.append("<details><summary>Unreadable rows (").append(s.problems().size()).append(" listed")
                    .append(s.problemsNotListed() > 0 ? ", " + s.problemsNotListed() + " more counted" : "")
                    .append(")</summary><table><tr><th class=l>file</th><th>line</th><th class=l>column</th><th class=l>problem</th></tr>");
            for (RowProblem p : s.problems()) {
                h.append("<tr><td class=l>").append(esc(p.file())).append("</td><td>").append(p.line()).append("</td><td class=l>")
                        .append(esc(p.column() == null ? "" : p.column())).append("</td><td class=l>").append(esc(p.message())).append("</td></tr>");
            }
            h.append("</table></details>");
        }
    }

    private void keyFigures(List<ModelReport> models) {
        h.append("<table><tr><th class=l>figure</th>");
        for (ModelReport m : models) {
            h.append("<th>").append(title(m)).append("</th>");
        }
        h.append("</tr>");
        row(models, "leads scored (converted)", m -> m.leads() + " (" + m.converted() + ")");
        row(models, "overall conversion", m -> pct(m.conversionRate()));
        row(models, "ROC AUC (95% interval)", m -> Double.isNaN(m.auc().value()) ? "n/a"
                : f3(m.auc().value()) + " (" + f3(m.auc().low()) + "-" + f3(m.auc().high()) + ")");
        row(models, "converted leads in the top 25% of scores", m -> pct(m.topQuartile().convertedShare())
                + " (top quarter starts at " + m.topQuartile().threshold() + ")");
        row(models, "qualified (MQL/PQL) conversion", m -> pct(m.qualified().qualifiedRate()) + " of " + m.qualified().qualifiedLeads());
        row(models, "not qualified conversion", m -> pct(m.qualified().otherRate()) + " of " + m.qualified().otherLeads());
        row(models, "lift qualified vs not (95%)", m -> m.qualified().lift() == null ? "n/a"
                : String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", m.qualified().lift(), m.qualified().liftLow(), m.qualified().liftHigh()));
        h.append("</table>");
    }

    private void row(List<ModelReport> models, String label, java.util.function.Function<ModelReport, String> value) {
        h.append("<tr><td class=l>").append(esc(label)).append("</td>");
        for (ModelReport m : models) {
            h.append("<td>").append(esc(value.apply(m))).append("</td>");
        }
        h.append("</tr>");
    }

    /** Leads per 10 points of total (bars, converted part darker) and conversion rate per 10 points (dots). */
    private void distribution(ModelReport m) {
        long[] n = new long[10];
        long[] k = new long[10];
        for (int t = 0; t <= 100; t++) {
            int b = Math.min(9, t / 10);
            n[b] += m.leadsByTotal()[t];
            k[b] += m.convertedByTotal()[t];
        }
        long max = 1;
        for (long v : n) {
            max = Math.max(max, v);
        }
        int w = 440;
        int ht = 220;
        int left = 40;
        int bw = (w - left - 10) / 10;
        h.append("<svg width=\"").append(w).append("\" height=\"").append(ht + 30).append("\" role=\"img\" aria-label=\"score distribution\">");
        h.append("<line x1=\"").append(left).append("\" y1=\"").append(ht).append("\" x2=\"").append(w - 10).append("\" y2=\"").append(ht).append("\" stroke=\"#999\"/>");
        for (int b = 0; b < 10; b++) {
            int x = left + b * bw;
            double barH = (ht - 20) * (double) n[b] / max;
            double convH = (ht - 20) * (double) k[b] / max;
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#90caf9\"><title>%s: %d leads, %d converted (%s)</title></rect>",
                    x + 2, ht - barH, bw - 4, barH, b == 9 ? "90-100" : b * 10 + "-" + (b * 10 + 9), n[b], k[b], pct(Analysis.rate(k[b], n[b]))));
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#1565c0\"/>", x + 2, ht - convH, bw - 4, convH));
            if (n[b] > 0) {
                double y = ht - (ht - 20) * Analysis.rate(k[b], n[b]);
                h.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%.1f\" r=\"4\" fill=\"#e65100\"><title>conversion %s</title></circle>",
                        x + bw / 2, y, pct(Analysis.rate(k[b], n[b]))));
            }
            h.append("<text x=\"").append(x + bw / 2).append("\" y=\"").append(ht + 14).append("\" text-anchor=\"middle\">").append(b * 10).append("</text>");
        }
        h.append("<text x=\"0\" y=\"12\">").append(max).append(" leads</text><text x=\"").append(w - 10).append("\" y=\"12\" text-anchor=\"end\" fill=\"#e65100\">● conversion (100% at top)</text>");
        h.append("<text x=\"").append(w / 2).append("\" y=\"").append(ht + 28).append("\" text-anchor=\"middle\">total score (bars: leads, dark part converted)</text></svg>");
    }

    private void bands(ModelReport m) {
        h.append("<table><tr><th class=l>band <small>(totals seen)</small></th><th>leads</th><th>converted</th><th>rate (95%)</th><th>sales-led expects</th><th>product-led expects</th><th class=l>verdict</th></tr>");
        for (BandRow b : m.bands()) {
            String cls = b.verdict().startsWith("as expected") ? "OK" : b.verdict().contains("expected") ? "RED" : "INFO";
            h.append("<tr><td class=l>").append(esc(b.band())).append(b.minScore() == null ? "" : " <small>" + b.minScore() + "-" + b.maxScore() + "</small>")
                    .append("</td><td>").append(b.leads()).append("</td><td>").append(b.converted()).append("</td><td>")
                    .append(pct(b.rate())).append(" <small>(").append(pct(b.low())).append("-").append(pct(b.high())).append(")</small></td><td>")
                    .append(esc(nz(b.salesLedExpected()))).append("</td><td>").append(esc(nz(b.productLedExpected())))
                    .append("</td><td class=\"l ").append(cls).append("\">").append(esc(b.verdict())).append("</td></tr>");
        }
        h.append("</table><p class=note>").append(esc(ExpectedConversion.scaleNote(m.expectedPattern(), m.conversionRate())))
                .append(".</p>");
        // bars of observed conversion with the expected range of this model's pattern shaded behind
        Map<String, ExpectedConversion.Range> expected = ExpectedConversion.scaled(m.expectedPattern(), m.conversionRate());
        int w = 440;
        int rowH = 26;
        int left = 90;
        h.append("<svg width=\"").append(w).append("\" height=\"").append(m.bands().size() * rowH + 24).append("\" role=\"img\" aria-label=\"conversion by band\">");
        int y = 4;
        for (BandRow b : m.bands()) {
            double scale = (w - left - 50);
            ExpectedConversion.Range r = expected.get(b.band());
            if (r != null) {
                h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#c8e6c9\"><title>expected %s</title></rect>",
                        left + scale * r.low(), y, scale * (Math.min(1, r.high()) - r.low()), rowH - 6, esc(r.text())));
            }
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1565c0\"/>", left, y + 6, scale * b.rate(), rowH - 18));
            h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\"/>", left + scale * b.low(), left + scale * b.high(), y + 10, y + 10));
            h.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(b.band())).append("</text>");
            h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", left + scale * Math.max(b.rate(), b.high()) + 4, y + 14, pct(b.rate())));
            y += rowH;
        }
        h.append("<text x=\"").append(left).append("\" y=\"").append(y + 12).append("\">0%</text><text x=\"").append(w - 50).append("\" y=\"").append(y + 12)
                .append("\" text-anchor=\"end\">100%  (green: expected range)</text></svg>");
    }

    private void calibration(ModelReport m) {
        var c = m.calibration();
        h.append("<p class=note>Fitted: log-odds = ").append(f3(c.intercept())).append(" + ").append(String.format(Locale.ROOT, "%.4f", c.perPoint()))
                .append(" x total</p><table><tr><th>decile</th><th>totals</th><th>leads</th><th>converted</th><th>observed</th><th>fitted</th></tr>");
        double max = 0.05;
        for (Decile d : c.deciles()) {
            max = Math.max(max, Math.max(d.observed(), d.predicted()));
            h.append("<tr><td>").append(d.decile()).append("</td><td>").append(d.minScore()).append("-").append(d.maxScore()).append("</td><td>")
                    .append(d.leads()).append("</td><td>").append(d.converted()).append("</td><td>").append(pct(d.observed()))
                    .append("</td><td>").append(pct(d.predicted())).append("</td></tr>");
        }
        h.append("</table>");
        int size = 220;
        int pad = 30;
        h.append("<svg width=\"").append(size + pad * 2).append("\" height=\"").append(size + pad * 2).append("\" role=\"img\" aria-label=\"calibration\">");
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>", pad, size + pad, size + pad, pad));
        h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>", pad, pad, size, size));
        for (Decile d : c.deciles()) {
            double x = pad + size * d.predicted() / max;
            double y = pad + size - size * d.observed() / max;
            h.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#1565c0\" fill-opacity=\"0.7\"><title>decile %d: observed %s, fitted %s, %d leads</title></circle>",
                    x, y, 3 + Math.min(6, Math.log10(1 + d.leads())), d.decile(), pct(d.observed()), pct(d.predicted()), d.leads()));
        }
        h.append("<text x=\"").append(pad).append("\" y=\"").append(size + pad + 16).append("\">fitted (0-").append(pct(max)).append(")</text>");
        h.append("<text x=\"4\" y=\"").append(pad - 8).append("\">observed</text></svg>");
    }

    private void rules(ModelReport m) {
        h.append("<h2>Per-rule lift: ").append(title(m)).append("</h2><p class=note>Conversion of leads for which the rule gave points against leads for which it did not. ")
                .append("Flags: over-weighted (many points, little or negative lift), under-weighted (few points, strong lift), wrong sign. ")
                .append("Fewer than ").append(Analysis.MIN_TO_JUDGE).append(" leads on a side: not judged.</p>")
                .append("<table><tr><th class=l>rule</th><th class=l>source</th><th>points</th><th>fired</th><th>conv. when fired</th><th>not fired</th><th>conv. when not</th><th>lift (95%)</th><th class=l>flag</th></tr>");
        for (RuleLift r : m.rules()) {
            String cls = r.flag().isEmpty() ? "" : r.flag().startsWith("too few") ? "INFO" : "RED";
            h.append("<tr><td class=l>").append(esc(r.rule())).append("</td><td class=l><small>").append(esc(nz(r.source()))).append("</small></td><td>")
                    .append(r.points()).append("</td><td>").append(r.fired()).append("</td><td>").append(pct(r.rateFired())).append("</td><td>")
                    .append(r.notFired()).append("</td><td>").append(pct(r.rateNotFired())).append("</td><td>")
                    .append(r.lift() == null ? "n/a" : String.format(Locale.ROOT, "%.2f <small>(%.2f-%.2f)</small>", r.lift(), r.liftLow(), r.liftHigh()))
                    .append("</td><td class=\"l ").append(cls).append("\">").append(esc(r.flag())).append("</td></tr>");
        }
        h.append("</table>");
    }

    private void suggestions(ModelReport m) {
        var s = m.suggestions();
        h.append("<h2>Suggested points: ").append(title(m)).append("</h2><p class=note>From an L2-regularised logistic regression (lambda ")
                .append(s.lambda()).append(") of conversion on which spreadsheet rules fired; ").append(esc(s.scale())).append(". ")
                .append(esc(s.note())).append(" The exchange rate settled after ").append(s.iterations())
                .append(s.iterations() == 1 ? " round" : " rounds").append(s.converged() ? "" : " (not fully: the last round still moved points)")
                .append(".").append(s.heldOutAucBefore() == null ? "" : String.format(Locale.ROOT,
                        " Held-out AUC (5 folds, points fitted without each fold): %.3f now, %.3f with every raise and lower accepted.",
                        s.heldOutAucBefore(), s.heldOutAucAfter()))
                .append("</p>");
        if (s.rows().isEmpty()) {
            return;
        }
        h.append("<p><a download=\"suggested-points.csv\" href=\"data:text/csv;charset=utf-8,")
                .append(URLEncoder.encode(SuggestionSheet.csv(m), StandardCharsets.UTF_8).replace("+", "%20"))
                .append("\">Download the suggestions as a spreadsheet (CSV)</a>. To accept a row: copy the model folder to a draft folder, open the file and sheet named, ")
                .append("change the points on the row of the cell given, then run the backtest again with <code>--against-draft</code> on that folder and compare.</p>")
                .append("<table><tr><th class=l>rule</th><th class=l>row</th><th>current</th><th>suggested</th><th>95% interval</th><th class=l>advice</th><th>held-out AUC it adds</th></tr>");
        for (Suggestion x : s.rows()) {
            h.append("<tr><td class=l>").append(esc(x.rule())).append("</td><td class=l><small>").append(esc(nz(x.source()))).append("</small></td><td>")
                    .append(x.currentPoints()).append("</td><td><b>").append(x.suggestedPoints()).append("</b></td><td>").append(x.low()).append(" to ")
                    .append(x.high()).append("</td><td class=l>").append(esc(x.advice())).append("</td><td>")
                    .append(x.heldOutAucGain() == null ? "" : String.format(Locale.ROOT, "%+.4f", x.heldOutAucGain()))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private void lowest(ModelReport m) {
        h.append("<h2>Converted leads that scored lowest: ").append(title(m)).append("</h2><p class=note>Winners the model missed point at signals it does not have.</p>")
                .append("<table><tr><th class=l>lead</th><th>line</th><th>total</th><th>fit</th><th>engagement</th><th class=l>band</th><th class=l>rules that gave points</th></tr>");
        for (ModelStats.LowScorer l : m.lowestConverted()) {
            h.append("<tr><td class=l>").append(esc(l.leadId())).append("</td><td>").append(l.line()).append("</td><td>").append(l.total()).append("</td><td>")
                    .append(l.fit()).append("</td><td>").append(l.engagement()).append("</td><td class=l>").append(esc(l.band())).append("</td><td class=l><small>")
                    .append(esc(String.join(", ", l.rules()))).append("</small></td></tr>");
        }
        h.append("</table>");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String pct(double v) {
        return Analysis.pct(v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Text made safe for HTML content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
