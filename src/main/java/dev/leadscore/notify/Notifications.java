package dev.leadscore.notify;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.leadscore.api.ProblemException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** The webhook messages as operators see them: listed by status, dead ones sent again. */
@ApplicationScoped
@Transactional
public class Notifications {
    static final Set<String> STATUSES = Set.of(OutboxMessage.PENDING, OutboxMessage.DELIVERED, OutboxMessage.DEAD);

    @Inject
    Clock clock;

    /** Messages of one status, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutboxMessage.View> list(String status, int page, int size) {
        if (!STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "must be one of PENDING, DELIVERED, DEAD");
        }
        return OutboxMessage.<OutboxMessage>find("status", Sort.descending("id"), status)
                .page(Page.of(page, size)).list().stream().map(OutboxMessage::view).toList();
    }

    /** A dead message gets a fresh set of attempts, starting now. */
    public OutboxMessage.View redrive(long id) {
        OutboxMessage m = OutboxMessage.findById(id);
        if (m == null) {
            throw ProblemException.notFound("Unknown notification " + id);
        }
        if (!OutboxMessage.DEAD.equals(m.status)) {
            throw ProblemException.invalidField("id", "notification " + id + " is " + m.status + "; only DEAD ones are re-driven");
        }
        m.status = OutboxMessage.PENDING;
        m.attempts = 0;
        m.nextAttemptAt = clock.instant();
        return m.view();
    }

    /** Every dead message gets a fresh set of attempts; returns how many. */
    public int redriveAll() {
        return OutboxMessage.update("status = ?1, attempts = 0, nextAttemptAt = ?2 where status = ?3",
                OutboxMessage.PENDING, clock.instant(), OutboxMessage.DEAD);
    }
}
