package dev.leadscore.scoring;

/** What kind of evidence an adjustment is; the score is the sum of adjustments per category. */
public enum Category {
    /** Who the lead is (firmographics, title). Never decays. */
    FIT,
    /** What the lead did (an activity event). Decays with the age of the event. */
    ENGAGEMENT,
    /** Evidence against the lead: profile negatives reduce fit, behaviour negatives reduce engagement. */
    NEGATIVE,
    /** Points lost to time. */
    DECAY
}
