package dev.leadscore.health;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.leadscore.rules.RulesetRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The health check's key figures as Prometheus gauges per model ({@code /q/metrics}):
 * recomputed on scrape at most every {@link HealthConfig#metricsRefresh()}.
 */
@ApplicationScoped
public class HealthMetrics {
    private static final Logger LOG = Logger.getLogger(HealthMetrics.class);

    @Inject
    MeterRegistry registry;
    @Inject
    HealthCheckService service;
    @Inject
    HealthConfig config;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    java.time.Clock clock;

    private record Cached(Instant at, HealthReport report) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** After the rules registry has loaded the models at start-up (default observer priority). */
    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        for (String model : rulesets.activeModels()) {
            gauge("leadscore.health.leads", model, r -> r.leads());
            gauge("leadscore.health.qualified.share", model, HealthReport::shareQualified);
            gauge("leadscore.health.largest.band.share", model,
                    r -> r.bands().stream().mapToDouble(HealthReport.BandShare::share).max().orElse(0));
            gauge("leadscore.health.qualified.volume.change", model,
                    r -> r.volumeChange() == null ? Double.NaN : r.volumeChange());
            gauge("leadscore.health.stale.high.leads", model, r -> r.stale().count());
            gauge("leadscore.health.decay.not.rescored", model, r -> r.decay().notRescored());
            gauge("leadscore.health.red.flags", model, HealthReport::redFlags);
        }
    }

    private void gauge(String name, String model, ToDoubleFunction<HealthReport> figure) {
        Gauge.builder(name, this, m -> {
            HealthReport r = m.report(model);
            return r == null ? Double.NaN : figure.applyAsDouble(r);
        }).tag("model", model).register(registry);
    }

    HealthReport report(String model) {
        Cached c = cache.get(model);
        Instant now = clock.instant();
        if (c == null || c.at.plus(config.metricsRefresh()).isBefore(now)) {
            try {
                c = new Cached(now, service.compute(model));
                cache.put(model, c);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Health check of model '%s' failed", model);
                return c == null ? null : c.report;
            }
        }
        return c.report;
    }
}
