package dev.leadscore.health;

import java.util.Locale;

import dev.leadscore.backtest.HtmlReport;

/** The health check as one self-contained HTML page (inline SVG, nothing fetched). */
final class HealthPage {
    private HealthPage() {
    }

    static String render(HealthReport r) {
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Health check: ").append(esc(r.model()))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1000px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.RED{color:#fff;background:#c62828;font-weight:bold}")
                .append(".OK{color:#1b5e20;background:#e8f5e9}.NOT_AVAILABLE{background:#eee;color:#555}svg text{font-size:11px}")
                .append("</style></head><body><h1>Monthly health check: ").append(esc(r.model())).append("</h1><p>As of ")
                .append(r.asOf()).append(", on the latest stored score of ").append(r.leads()).append(" leads. ")
                .append(r.redFlags()).append(" red flag(s).</p><h2>Checks</h2><table><tr><th class=l>check</th><th class=l>status</th><th class=l>detail</th></tr>");
        for (HealthReport.Check c : r.checks()) {
            h.append("<tr><td class=l>").append(esc(c.check())).append("</td><td class=\"l ").append(c.status()).append("\">")
                    .append(c.status()).append("</td><td class=l>").append(esc(c.detail())).append("</td></tr>");
        }
        h.append("</table><h2>Score distribution</h2>");
        long[] n = new long[10];
        long max = 1;
        for (int t = 0; t <= 100; t++) {
            n[Math.min(9, t / 10)] += r.leadsByTotal()[t];
        }
        for (long v : n) {
            max = Math.max(max, v);
        }
        h.append("<svg width=\"440\" height=\"250\" role=\"img\" aria-label=\"score distribution\">");
        for (int b = 0; b < 10; b++) {
            double height = 200.0 * n[b] / max;
            h.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"36\" height=\"%.1f\" fill=\"#1565c0\"><title>%d leads</title></rect>",
                    40 + b * 40, 220 - height, height, n[b]));
            h.append("<text x=\"").append(58 + b * 40).append("\" y=\"236\" text-anchor=\"middle\">").append(b * 10).append("</text>");
        }
        h.append("<text x=\"0\" y=\"12\">").append(max).append(" leads</text></svg>");
        h.append("<table><tr><th class=l>band</th><th>leads</th><th>share</th></tr>");
        for (HealthReport.BandShare b : r.bands()) {
            h.append("<tr><td class=l>").append(esc(b.band())).append("</td><td>").append(b.leads()).append("</td><td>")
                    .append(HealthCheckService.pct(b.share())).append("</td></tr>");
        }
        h.append("</table><p>").append(r.qualified()).append(" leads (").append(HealthCheckService.pct(r.shareQualified()))
                .append(") are above the MQL/PQL threshold.</p><h2>MQL / PQL volume by month</h2><table><tr><th class=l>month</th><th>MQL</th><th>PQL</th></tr>");
        for (HealthReport.MonthVolume m : r.qualifiedByMonth()) {
            h.append("<tr><td class=l>").append(m.month()).append("</td><td>").append(m.mql()).append("</td><td>").append(m.pql()).append("</td></tr>");
        }
        h.append("</table><h2>Stale leads still scoring high</h2><p>").append(r.stale().count()).append(" leads inactive ")
                .append(r.stale().days()).append("+ days with a stored engagement of ").append(r.stale().highEngagement()).append("+")
                .append(r.stale().sample().isEmpty() ? "" : ", for example " + esc(String.join(", ", r.stale().sample())))
                .append(".</p></body></html>\n");
        return h.toString();
    }

    private static String esc(String s) {
        return HtmlReport.esc(s);
    }
}
