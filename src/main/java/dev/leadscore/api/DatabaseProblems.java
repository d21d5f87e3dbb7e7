package dev.leadscore.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/**
 * A failure no other mapper knows. When the database cannot be reached, or the transaction lost
 * a deadlock against a concurrent one, the request was rolled back whole, so the client is told
 * to retry: 503 with {@code Retry-After}. Anything else is a 500 problem, logged.
 */
public class DatabaseProblems {
    private static final Logger LOG = Logger.getLogger(DatabaseProblems.class);
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * An Error escaping a request (an assertion in a library run with {@code -ea}, for one) still
     * answers with a problem document rather than the framework's plain-text page.
     */
    @ServerExceptionMapper
    public Response unexpectedAssertion(AssertionError e) {
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return unexpected((Throwable) e);
    }

    private Response unexpected(Throwable e) {
        Response unavailable = ifDatabaseUnavailable(e);
        if (unavailable != null) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            return unavailable;
        }
        if (lostConflict(e)) {
            LOG.warnf("Transaction lost a conflict with a concurrent one and was rolled back: %s", e.getMessage());
            // a 5xx, so that an Idempotency-Key does not keep it and the retry runs again
            return Response.fromResponse(ProblemMappers.respond(new Problem("/problems/concurrent-update",
                    "Concurrent update", 503, "Another request changed the same leads at the same moment; this one "
                            + "was rolled back and nothing of it was stored. Send it again.", null)))
                    .header(HttpHeaders.RETRY_AFTER, 1).build();
        }
        SQLException badValue = firstDataException(e);
        if (badValue != null) {
            // a value no check caught before it reached PostgreSQL: the request's fault, rolled back whole
            LOG.warn("A value of a request could not be stored", e);
            String reason = badValue.getMessage() == null ? "" : badValue.getMessage().lines().findFirst().orElse("")
                    .replaceFirst("^ERROR: ", "");
            return ProblemMappers.respond(new Problem("/problems/invalid-request", "Invalid request", 400,
                    "A value of this request cannot be stored (" + reason + "); nothing of it was stored", null));
        }
        LOG.error("Request failed", e);
        return ProblemMappers.respond(new Problem("/problems/internal-error", "Internal error", 500,
                "The request failed on the server; nothing of it was stored", null));
    }

    /** A 503 problem when {@code e} (or a cause) says the database is unreachable, else null. */
    public static Response ifDatabaseUnavailable(Throwable e) {
        if (!find(e, DatabaseProblems::isConnectionFailure, newSeen())) {
            return null;
        }
        return Response.fromResponse(ProblemMappers.respond(new Problem("/problems/database-unavailable",
                "Database unavailable", 503, "The database cannot be reached; nothing of this request was stored. "
                        + "Retry later.", null)))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    private static java.util.Set<Throwable> newSeen() {
        return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }

    /** Whether {@code t}, a cause, a suppressed exception or a JDBC batch's next exception is {@code what}. */
    private static boolean find(Throwable t, java.util.function.Predicate<Throwable> what, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (what.test(t) || find(t.getCause(), what, seen)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (find(suppressed, what, seen)) {
                return true;
            }
        }
        return t instanceof SQLException sql && find(sql.getNextException(), what, seen);
    }

    /** The SQL data exception (SQLSTATE class 22: a value out of range, an invalid character...) in {@code e}, if any. */
    private static SQLException firstDataException(Throwable e) {
        java.util.List<SQLException> found = new java.util.ArrayList<>();
        find(e, t -> {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                found.add(sql);
                return true;
            }
            return false;
        }, newSeen());
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Whether {@code e} (or a cause) says PostgreSQL rolled the transaction back because it lost a
     * conflict with a concurrent one: nothing of it was stored, and running it again is safe.
     */
    public static boolean lostConflict(Throwable e) {
        return find(e, DatabaseProblems::isTransientConflict, newSeen());
    }

    /** PostgreSQL chose this transaction as a deadlock's victim (40P01) or failed its serialisation (40001). */
    static boolean isTransientConflict(Throwable t) {
        return t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()));
    }

    static boolean isConnectionFailure(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof ConnectException
                || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                return true;
            }
            String message = sql.getMessage();
            return message != null && message.contains("Acquisition timeout");
        }
        return false;
    }
}
