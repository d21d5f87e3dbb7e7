package dev.leadscore.leads;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Applies the items of concurrent callers in groups, one transaction per group: a caller queues
 * its item and, while fewer than {@code maxWriters} groups are being written, takes everything
 * queued so far (up to {@code maxGroup} items, its own among them or not) and writes it for all;
 * otherwise it waits until its item is done. Nobody waits on purpose for a group to fill: items
 * group up while the previous group is written, so a lone caller writes its item at once.
 * A caller returns only after the group holding its item was written ({@code apply} returned,
 * i.e. committed). Should {@code apply} fail for a group of several, each of its items is applied
 * again on its own, so one bad item does not fail the others.
 *
 * @param <T> what a caller sends
 * @param <R> what it gets back, in the order of the items
 */
final class GroupCommit<T, R> {
    private final int maxGroup;
    private final int maxWriters;
    private final Function<List<T>, List<R>> apply;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final ArrayDeque<Waiting<T, R>> queue = new ArrayDeque<>();
    private int writers;

    private static final class Waiting<T, R> {
        final T item;
        boolean done;
        R result;
        RuntimeException failure;

        Waiting(T item) {
            this.item = item;
        }
    }

    private record Outcome(Object result, RuntimeException failure) {
    }

    /**
     * @param maxGroup most items written together (1: each item alone)
     * @param maxWriters most groups written at the same time
     * @param apply writes a group and returns one result per item; must be all or nothing
     */
    GroupCommit(int maxGroup, int maxWriters, Function<List<T>, List<R>> apply) {
        if (maxGroup < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("group size and writers must be at least 1");
        }
        this.maxGroup = maxGroup;
        this.maxWriters = maxWriters;
        this.apply = apply;
    }

    /** Writes {@code item} (with whatever else is queued) and returns its result, or throws its failure. */
    R submit(T item) {
        Waiting<T, R> mine = new Waiting<>(item);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (writers < maxWriters && !queue.isEmpty()) {
                    List<Waiting<T, R>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
                    while (group.size() < maxGroup && !queue.isEmpty()) {
                        group.add(queue.poll());
                    }
                    writers++;
                    List<Outcome> outcomes;
                    lock.unlock();
                    try {
                        outcomes = write(group);
                    } finally {
                        lock.lock();
                        writers--;
                    }
                    deliver(group, outcomes);
                    written.signalAll();
                } else {
                    written.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Items waiting for a writer. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(List<Waiting<T, R>> group, List<Outcome> outcomes) {
        for (int i = 0; i < group.size(); i++) {
            Waiting<T, R> w = group.get(i);
            w.result = (R) outcomes.get(i).result();
            w.failure = outcomes.get(i).failure();
            w.done = true;
        }
    }

    private List<Outcome> write(List<Waiting<T, R>> group) {
        List<T> items = group.stream().map(w -> w.item).toList();
        if (items.size() > 1) {
            try {
                return outcomes(apply.apply(items), items.size());
            } catch (RuntimeException | Error e) {
                // the group was rolled back: each item again on its own, each with its own outcome
            }
        }
        List<Outcome> out = new ArrayList<>(items.size());
        for (T item : items) {
            try {
                out.add(outcomes(apply.apply(List.of(item)), 1).get(0));
            } catch (RuntimeException e) {
                out.add(new Outcome(null, e));
            } catch (Error e) {
                out.add(new Outcome(null, new IllegalStateException(e)));
            }
        }
        return out;
    }

    private static List<Outcome> outcomes(List<?> results, int expected) {
        if (results.size() != expected) {
            throw new IllegalStateException("a group of " + expected + " gave " + results.size() + " results");
        }
        List<Outcome> out = new ArrayList<>(expected);
        results.forEach(r -> out.add(new Outcome(r, null)));
        return out;
    }
}
