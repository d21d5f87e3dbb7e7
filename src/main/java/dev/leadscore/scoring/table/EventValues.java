package dev.leadscore.scoring.table;

import java.util.Arrays;
import java.util.List;

import dev.leadscore.scoring.ActivityEvent;

/**
 * The values of one event that a model's event rows read (its type, the properties their
 * conditions name), each read and normalised at most once per score however many rows test it.
 * One per score, moved from event to event ({@link #readFrom}); not thread-safe.
 */
final class EventValues {
    /** The fields the rows' conditions read; a condition names its field by index into this list. */
    private final List<Field> fields;
    private final List<String>[] texts;
    private final List<String>[] normalised;
    private ActivityEvent event;
    private String type;

    @SuppressWarnings("unchecked")
    EventValues(List<Field> fields) {
        this.fields = fields;
        this.texts = new List[fields.size()];
        this.normalised = new List[fields.size()];
    }

    /** Now the values of {@code e}, read when a condition first asks for them. */
    EventValues readFrom(ActivityEvent e) {
        event = e;
        type = Words.normalise(e.getType());
        Arrays.fill(texts, null);
        Arrays.fill(normalised, null);
        return this;
    }

    ActivityEvent event() {
        return event;
    }

    /** The event's type, normalised: what the rows are indexed by. */
    String type() {
        return type;
    }

    /** The field's values on the event, as {@link Field#texts(ActivityEvent)} reads them. */
    List<String> texts(int field) {
        List<String> t = texts[field];
        if (t == null) {
            t = fields.get(field).texts(event);
            texts[field] = t;
        }
        return t;
    }

    /** The same values normalised ({@link Words#normalise}). */
    List<String> normalised(int field) {
        List<String> n = normalised[field];
        if (n == null) {
            n = Words.normaliseAll(texts(field));
            normalised[field] = n;
        }
        return n;
    }
}
