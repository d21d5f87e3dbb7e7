package dev.leadscore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.PessimisticLockException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.leadscore.api.Problem;

/** Which database failures tell the client to send the request again, and which are server errors. */
class DatabaseProblemsTest {
    private final DatabaseProblems problems = new DatabaseProblems();

    @Test
    void aDeadlockVictimIsToldToRetryWithA5xxThatNoIdempotencyKeyKeeps() {
        Response r = problems.unexpected(new PessimisticLockException("could not lock",
                new SQLException("ERROR: deadlock detected", "40P01")));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(((Problem) r.getEntity()).type()).isEqualTo("/problems/concurrent-update");
    }

    @Test
    void aLostConnectionIsTheDatabaseBeingUnavailable() {
        SQLException batch = new SQLException("Batch entry 3 was aborted", "08006");
        Response r = problems.unexpected(new IllegalStateException("flush failed", batch));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(((Problem) r.getEntity()).type()).isEqualTo("/problems/database-unavailable");
    }

    @Test
    void aValueTheDatabaseCannotStoreIsABadRequestNotAnInternalError() {
        SQLException nul = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal parameter $1", "22021");
        Response r = problems.unexpected(new IllegalStateException("flush failed", new SQLException("Batch entry 0 was aborted", null, nul)));
        assertThat(r.getStatus()).isEqualTo(400);
        Problem problem = (Problem) r.getEntity();
        assertThat(problem.type()).isEqualTo("/problems/invalid-request");
        assertThat(problem.detail()).contains("invalid byte sequence").doesNotContain("Where").contains("nothing of it was stored");
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        Response r = problems.unexpected(new PessimisticLockException("x", new SQLException("unique violation", "23505")));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(((Problem) r.getEntity()).type()).isEqualTo("/problems/internal-error");
    }
}
