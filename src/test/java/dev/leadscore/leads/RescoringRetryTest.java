package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A re-scoring page that PostgreSQL rolled back for losing a conflict runs again; any other failure does not. */
class RescoringRetryTest {

    /** How a deadlock reaches the pass: PostgreSQL's error, wrapped by Hibernate and the transaction. */
    static RuntimeException lost(String sqlState) {
        return new IllegalStateException("transaction rolled back",
                new RuntimeException("JDBC exception executing SQL", new SQLException("ERROR: deadlock detected", sqlState)));
    }

    @Test
    void aPageThatLostADeadlockRunsAgainAndItsResultIsKept() {
        AtomicInteger calls = new AtomicInteger();
        String result = Rescoring.retryingLostConflicts(() -> {
            if (calls.incrementAndGet() < 3) {
                throw lost(calls.get() == 1 ? "40P01" : "40001");
            }
            return "page done";
        });
        assertThat(result).isEqualTo("page done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Rescoring.retryingLostConflicts(() -> {
            calls.incrementAndGet();
            throw lost("23505");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aPageThatKeepsLosingFailsAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Rescoring.retryingLostConflicts(() -> {
            calls.incrementAndGet();
            throw lost("40P01");
        })).hasRootCauseMessage("ERROR: deadlock detected");
        assertThat(calls).hasValue(Rescoring.PAGE_ATTEMPTS);
    }
}
