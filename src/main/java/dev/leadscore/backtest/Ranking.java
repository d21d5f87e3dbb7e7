package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well a score ranks leads, from groups of leads that share a score: ROC AUC (ties count
 * half), the share of converted leads in the top share of scores (ties at the cut counted in
 * proportion) and the conversion lift of that top share over the rest. Any real-valued score.
 */
final class Ranking {
    private record Group(double score, double pos, double neg) {
    }

    private final List<Group> groups = new ArrayList<>();
    private double positives;
    private double negatives;

    void add(double score, double pos, double neg) {
        if (pos + neg > 0) {
            groups.add(new Group(score, pos, neg));
            positives += pos;
            negatives += neg;
        }
    }

    double leads() {
        return positives + negatives;
    }

    double converted() {
        return positives;
    }

    /** NaN when a side has no leads. */
    double auc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        List<Group> sorted = merged();
        double wins = 0;
        double negBelow = 0;
        for (Group g : sorted) {
            wins += g.pos * (negBelow + 0.5 * g.neg);
            negBelow += g.neg;
        }
        return wins / (positives * negatives);
    }

    /** Converted leads in the top {@code share} of scores, and all leads there (ties in proportion). */
    private double[] top(double share) {
        List<Group> sorted = merged();
        double slots = leads() * share;
        double convertedTop = 0;
        double taken = 0;
        for (int k = sorted.size() - 1; k >= 0 && slots > 0; k--) {
            Group g = sorted.get(k);
            double n = g.pos + g.neg;
            double take = Math.min(slots, n);
            convertedTop += g.pos * take / n;
            taken += take;
            slots -= take;
        }
        return new double[] {convertedTop, taken};
    }

    /** Share of all converted leads found in the top {@code share} of scores (0.25: the top quartile). */
    double convertedShareInTop(double share) {
        return positives == 0 ? 0 : top(share)[0] / positives;
    }

    /** Conversion of the top {@code share} of scores divided by the conversion of the rest; NaN if undefined. */
    double liftOfTop(double share) {
        double[] t = top(share);
        double restLeads = leads() - t[1];
        double restConverted = positives - t[0];
        if (t[1] == 0 || restLeads <= 0 || restConverted <= 0) {
            return Double.NaN;
        }
        return (t[0] / t[1]) / (restConverted / restLeads);
    }

    /**
     * The best share of converted leads any score can put in the top {@code share} of leads, at
     * this conversion rate: every converted lead ranked first, so min(1, share / rate).
     */
    static double bestConvertedShare(double share, double conversionRate) {
        return conversionRate <= 0 ? 1 : Math.min(1, share / conversionRate);
    }

    private List<Group> merged() {
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingDouble(Group::score));
        List<Group> out = new ArrayList<>();
        for (Group g : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).score == g.score) {
                Group last = out.remove(out.size() - 1);
                out.add(new Group(g.score, last.pos + g.pos, last.neg + g.neg));
            } else {
                out.add(g);
            }
        }
        return out;
    }
}
