package dev.leadscore.startup;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Opens once every start-up step has run (rulesets loaded from the folder and recorded, keys
 * explained, metrics registered), and closes at shutdown. Scheduled jobs skip their runs while it
 * is closed ({@code @Scheduled(skipExecutionIf = StartupGate.Closed.class)}), so no job works on
 * a half-started service, and a start that fails leaves them idle instead of failing every few seconds.
 */
@Singleton
public class StartupGate {
    private volatile boolean open;

    // after every other start-up observer (the ruleset registry and versions run at APPLICATION + 500 and + 1000)
    void started(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 900) StartupEvent event) {
        open = true;
    }

    void stopping(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    /** The skip predicate of every scheduled job: skip while the service has not finished starting. */
    @Singleton
    public static class Closed implements Scheduled.SkipPredicate {
        @Inject
        StartupGate gate;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !gate.isOpen();
        }
    }
}
