package dev.leadscore.scoring;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/** The one clock of the service (tests replace it) and the stateless scoring pieces. */
@ApplicationScoped
public class ScoringBeans {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    ScoringEngine scoringEngine() {
        return new ScoringEngine();
    }
}
