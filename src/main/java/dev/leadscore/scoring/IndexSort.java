package dev.leadscore.scoring;

/**
 * A stable merge sort of the positions {@code 0..n-1} of some array, by a comparison of two
 * positions: for the two orders every score sorts (its events, the latest first, and its
 * explanation lines), each comparing its own keys in its own subclass. A {@code Comparator} given
 * to {@code List.sort} is called from the one call site that every sort in the JVM shares, which
 * the compiler cannot inline; here the comparison is one of two known methods. Stable like
 * {@code List.sort}: positions that compare equal keep their order, so the result is the same.
 */
abstract class IndexSort {
    private static final int INSERTION_SORT_BELOW = 12;

    /** Negative when position {@code i} goes before position {@code j}, 0 when they are equal, else positive. */
    abstract int compare(int i, int j);

    /** The positions {@code 0..n-1} in order. */
    final int[] sorted(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n > 1) {
            sort(order, new int[n], 0, n);
        }
        return order;
    }

    private void sort(int[] a, int[] scratch, int from, int to) {
        if (to - from < INSERTION_SORT_BELOW) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i;
                for (; j > from && compare(a[j - 1], x) > 0; j--) {
                    a[j] = a[j - 1];
                }
                a[j] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, scratch, from, mid);
        sort(a, scratch, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return; // already in order, as events stored in time order are
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int left = from;
        int right = mid;
        int out = from;
        while (left < mid && right < to) {
            // the left one first unless the right one goes strictly before it: stable
            a[out++] = compare(scratch[right], scratch[left]) < 0 ? scratch[right++] : scratch[left++];
        }
        while (left < mid) {
            a[out++] = scratch[left++];
        }
        while (right < to) {
            a[out++] = scratch[right++];
        }
    }
}
