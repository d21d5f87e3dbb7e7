package dev.leadscore.scoring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How a score was reached, in words, one named line per decision: the fit, engagement and total
 * arithmetic, the band and the rule that gave it, the stage decision, and (when the model has them)
 * the existing-customer flag and the activation status. {@link #lines()} is the form the API shows
 * and a stored score keeps; {@link #fromLines} reads that form back, so no other code depends on
 * the position of a line.
 */
public record Workings(String fit, String engagement, String total, String band, String stage,
        String existingCustomer, String activation) implements Iterable<String> {

    private static final String EXISTING_CUSTOMER = "existing customer (rule '";
    private static final String ACTIVATION = "activation ";

    static String band(Band band) {
        return "band " + band.getName() + " (rule '" + band.getRule() + "')";
    }

    static String existingCustomer(ExistingCustomer customer) {
        return customer == null ? null : EXISTING_CUSTOMER + customer.getRule() + "'): not new business";
    }

    /** The lines in the order they are shown and stored: fit, engagement, total, band, stage, then the optional ones. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(7);
        lines.add(fit);
        lines.add(engagement);
        lines.add(total);
        lines.add(band);
        lines.add(stage);
        if (existingCustomer != null) {
            lines.add(existingCustomer);
        }
        if (activation != null) {
            lines.add(activation);
        }
        return List.copyOf(lines);
    }

    @Override
    public Iterator<String> iterator() {
        return lines().iterator();
    }

    /** The workings of a stored score, from the lines {@link #lines()} gave; missing lines are null. */
    public static Workings fromLines(List<String> lines) {
        List<String> l = lines == null ? List.of() : lines;
        String customer = null;
        String activation = null;
        for (int i = 5; i < l.size(); i++) {
            if (l.get(i).startsWith(EXISTING_CUSTOMER)) {
                customer = l.get(i);
            } else if (l.get(i).startsWith(ACTIVATION)) {
                activation = l.get(i);
            }
        }
        return new Workings(line(l, 0), line(l, 1), line(l, 2), line(l, 3), line(l, 4), customer, activation);
    }

    private static String line(List<String> lines, int i) {
        return i < lines.size() ? lines.get(i) : null;
    }
}
