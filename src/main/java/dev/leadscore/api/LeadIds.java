package dev.leadscore.api;

import java.util.regex.Pattern;

/** What a lead id may be: checked before an id reaches any query, wherever it comes from. */
public final class LeadIds {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,199}");
    public static final String RULE = "must be 1-200 characters: letters, digits and _ . : @ + - (not starting with a symbol)";

    private LeadIds() {
    }

    public static boolean valid(String leadId) {
        return leadId != null && PATTERN.matcher(leadId).matches();
    }

    /** The 400 problem for an id that is not {@link #valid}, naming {@code field}. */
    public static ProblemException invalid(String field) {
        return ProblemException.invalidField(field, RULE);
    }

    /**
     * The one 404 for a lead the caller cannot see: missing, or owned by another source (a
     * source-restricted key must not tell the two apart, so both answer exactly this).
     */
    public static ProblemException unknown(String leadId) {
        return ProblemException.notFound("Unknown lead '" + leadId + "'; create it with PUT /api/leads/" + leadId);
    }
}
