package dev.leadscore.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native query results, whichever Java type the driver chose for them. */
public final class SqlValues {
    private SqlValues() {
    }

    /** A {@code timestamptz} column as an instant; null stays null. */
    public static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        return Instant.parse(o.toString());
    }
}
