package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.validation.Validation;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.leadscore.CommittedCorpus;
import dev.leadscore.api.JsonSettings;
import dev.leadscore.api.ProblemException;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.reliability.EventLimits;
import dev.leadscore.reliability.LimitsConfig;
import dev.leadscore.scoring.DefaultModels;
import dev.leadscore.scoring.ScoringEngine;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Fuzz target for what integrations send: event batches and lead profiles go through the API's
 * JSON reading, the event limits, the input checks and the default rules. Whatever the bytes,
 * the answer is a 4xx problem or a score, never a server error, and never slow. The normal test
 * run replays the committed corpus (src/test/resources/.../EventParsingFuzzTestInputs); fuzz
 * for real with JAZZER_FUZZ=1 ./mvnw test -Dtest=EventParsingFuzzTest (findings land in that corpus).
 */
class EventParsingFuzzTest {
    static final ObjectMapper MAPPER = mapper();
    static final InputCheck CHECK = inputCheck();
    static final ScoringEngine ENGINE = new ScoringEngine();
    static final ProblemMappers PROBLEMS = new ProblemMappers();
    static final LimitsConfig LIMITS = new LimitsConfig() {
        @Override
        public MemorySize maxBodySize() {
            return new MemorySize(java.math.BigInteger.valueOf(4 << 20));
        }

        @Override
        public int maxEventsPerBatch() {
            return 1000;
        }

        @Override
        public int maxEventBytes() {
            return 16384;
        }
    };

    static {
        // build the default models before any input is timed
        DefaultModels.ruleset(DefaultModels.SALES_LED);
        DefaultModels.ruleset(DefaultModels.PRODUCT_LED);
    }

    /** The service's JSON reading: Quarkus' defaults plus the API's own settings. */
    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonSettings().customize(m);
        return m;
    }

    static InputCheck inputCheck() {
        InputCheck c = new InputCheck();
        c.validator = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
        return c;
    }

    /** Fuzzing for real (JAZZER_FUZZ=1): Jazzer instruments every class it loads, the rule compiler included. */
    @FuzzTest(maxDuration = "60s")
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    void eventsAndProfilesAreAnsweredWithoutServerErrors(byte[] body) {
        answeredWithoutServerErrors(body);
    }

    /**
     * The normal run: every input of the committed corpus (the fuzzer's findings and the seeds),
     * replayed without the fuzzer's instrumentation, which costs more than a minute of class
     * loading for a few milliseconds of checks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void committedInputsAreAnsweredWithoutServerErrors(String name, byte[] body) {
        answeredWithoutServerErrors(body);
    }

    static Stream<Arguments> corpus() {
        return CommittedCorpus.of(EventParsingFuzzTest.class, "eventsAndProfilesAreAnsweredWithoutServerErrors");
    }

    static void answeredWithoutServerErrors(byte[] body) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertClientSide(() -> events(body));
            assertClientSide(() -> profile(body));
        });
    }

    /** The status the API would answer with: 200, or the problem's status for a refusal. */
    static int answer(ThrowingRunnable request) {
        try {
            request.run();
            return 200;
        } catch (ProblemException e) {
            return e.problem().status();
        } catch (JacksonException e) {
            return PROBLEMS.unreadableJson(e).getStatus();
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O failure", e);
        }
    }

    static void assertClientSide(ThrowingRunnable request) {
        assertThat(answer(request)).isIn(200, 400, 404, 413, 422);
    }

    interface ThrowingRunnable {
        void run() throws IOException;
    }

    /** POST /api/leads/{id}/events, then scoring the accepted events. */
    static void events(byte[] body) throws IOException {
        List<EventInput> events = MAPPER.readValue(body, new TypeReference<List<EventInput>>() {
        });
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("no events", null);
        }
        EventLimits.check(events, "", LIMITS, MAPPER);
        CHECK.collector().events(events).throwIfAny();
        ENGINE.score(DefaultModels.ruleset(DefaultModels.SALES_LED), new LeadProfile(null, null, null, null, null, null, null,
                null, null, null).toFact("fuzz"), events.stream().map(EventInput::toFact).toList(), dev.leadscore.scoring.TestLeads.NOW);
    }

    /** PUT /api/leads/{id}, then scoring the profile under both default models. */
    static void profile(byte[] body) throws IOException {
        LeadProfile profile = MAPPER.readValue(body, LeadProfile.class);
        if (profile == null) {
            throw ProblemException.badRequest("no profile", null);
        }
        CHECK.collector().profile(profile, "").throwIfAny();
        for (String model : List.of(DefaultModels.SALES_LED, DefaultModels.PRODUCT_LED)) {
            ENGINE.score(DefaultModels.ruleset(model), profile.toFact("fuzz"), List.of(), dev.leadscore.scoring.TestLeads.NOW);
        }
    }
}
