package dev.leadscore.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.leadscore.health.HealthCheckService;
import dev.leadscore.health.HealthReport;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The monthly health check of a model: its red flags, MQL/PQL volume by month, the score distribution. */
@Path("/console/health")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.MARKETING_OPS, Roles.REVOPS, Roles.ADMIN })
public class HealthPages {
    @Inject
    ConsolePages pages;
    @Inject
    HealthCheckService health;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    Charts charts;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance health(Viewer me, List<String> models, HealthReport report, String volumeChart,
                String distributionChart, String sharePercent);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance health(@QueryParam("model") String model) {
        Viewer me = pages.me();
        HealthReport report = health.compute(model == null || model.isBlank() ? rulesets.defaultModel() : model);
        List<String> months = report.qualifiedByMonth().stream().map(HealthReport.MonthVolume::month).toList();
        String volume = charts.categories("MQL and PQL per month", months, List.of(
                new Charts.Line("MQL", report.qualifiedByMonth().stream().map(HealthReport.MonthVolume::mql).toList()),
                new Charts.Line("PQL", report.qualifiedByMonth().stream().map(HealthReport.MonthVolume::pql).toList())),
                List.of(), "bar");
        List<String> totals = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int t = 0; t < report.leadsByTotal().length; t++) {
            totals.add(Integer.toString(t));
            counts.add(report.leadsByTotal()[t]);
        }
        String distribution = charts.categories("Leads by total score (latest score of each lead)", totals,
                List.of(new Charts.Line("Leads", counts)), List.of(), "bar");
        return Templates.health(me, rulesets.activeModels(), report, volume, distribution,
                String.format(java.util.Locale.ROOT, "%.1f%%", report.shareQualified() * 100));
    }
}
