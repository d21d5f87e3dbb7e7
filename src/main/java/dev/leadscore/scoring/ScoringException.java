package dev.leadscore.scoring;

/** The rules ran but did not produce a complete score (a gap in the bands, a missing setting, ...). */
public class ScoringException extends RuntimeException {
    public ScoringException(String message) {
        super(message);
    }
}
