package dev.leadscore.leads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit on its own: who writes, what each caller gets back, what a failed group does. */
class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Waits until the condition holds (at most 20 s). */
    static void until(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Records the groups it is given, fails any group holding "bad", and holds "slow" until released. */
    static final class Writer implements Function<List<String>, List<String>> {
        final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writing = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public List<String> apply(List<String> items) {
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            try {
                groups.add(List.copyOf(items));
                if (items.contains("slow")) {
                    slowStarted.countDown();
                    try {
                        assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                if (items.contains("bad")) {
                    throw new IllegalStateException("cannot write bad");
                }
                return items.stream().map(i -> i + " written").toList();
            } finally {
                writing.decrementAndGet();
            }
        }
    }

    /**
     * Holds the writer with "slow", then queues {@code items} one after the other behind it (so
     * they are queued in this order), then releases the writer; the first future is "slow"'s.
     */
    List<Future<String>> queuedBehindSlow(GroupCommit<String, String> groups, Writer writer, List<String> items)
            throws InterruptedException {
        List<Future<String>> out = new ArrayList<>();
        out.add(callers.submit(() -> groups.submit("slow")));
        assertThat(writer.slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
        for (String item : items) {
            int before = groups.queued();
            out.add(callers.submit(() -> groups.submit(item)));
            until(() -> groups.queued() == before + 1);
        }
        // nobody else writes while the only writer is busy
        assertThat(writer.groups).hasSize(1);
        writer.release.countDown();
        return out;
    }

    @Test
    void aLoneCallerIsWrittenAtOnceOnItsOwn() {
        Writer writer = new Writer();
        GroupCommit<String, String> groups = new GroupCommit<>(8, 2, writer);
        assertThat(groups.submit("a")).isEqualTo("a written");
        assertThat(writer.groups).containsExactly(List.of("a"));
    }

    @Test
    void callersArrivingWhileAGroupIsWrittenAreWrittenTogetherAndEachGetsItsOwnResult() throws Exception {
        Writer writer = new Writer();
        GroupCommit<String, String> groups = new GroupCommit<>(8, 1, writer);
        List<Future<String>> answers = queuedBehindSlow(groups, writer, List.of("a", "b", "c"));
        List<String> results = new ArrayList<>();
        for (Future<String> f : answers) {
            results.add(f.get(20, TimeUnit.SECONDS));
        }
        assertThat(results).containsExactly("slow written", "a written", "b written", "c written");
        assertThat(writer.groups).containsExactly(List.of("slow"), List.of("a", "b", "c"));
        assertThat(writer.mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void aGroupIsNeverLargerThanTheLimit() throws Exception {
        Writer writer = new Writer();
        GroupCommit<String, String> groups = new GroupCommit<>(2, 1, writer);
        List<Future<String>> answers = queuedBehindSlow(groups, writer, List.of("i0", "i1", "i2", "i3", "i4"));
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("i" + (i - 1) + " written");
        }
        assertThat(writer.groups).containsExactly(List.of("slow"), List.of("i0", "i1"), List.of("i2", "i3"), List.of("i4"));
    }

    @Test
    void aFailedGroupIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws Exception {
        Writer writer = new Writer();
        GroupCommit<String, String> groups = new GroupCommit<>(8, 1, writer);
        List<Future<String>> answers = queuedBehindSlow(groups, writer, List.of("a", "bad", "b"));

        assertThat(answers.get(0).get(20, TimeUnit.SECONDS)).isEqualTo("slow written");
        assertThat(answers.get(1).get(20, TimeUnit.SECONDS)).isEqualTo("a written");
        assertThat(answers.get(3).get(20, TimeUnit.SECONDS)).isEqualTo("b written");
        assertThatThrownBy(() -> answers.get(2).get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot write bad");
        // the group of three failed, then each of its items was written alone
        assertThat(writer.groups).containsExactly(List.of("slow"), List.of("a", "bad", "b"), List.of("a"), List.of("bad"),
                List.of("b"));
    }

    @Test
    void manyConcurrentCallersAllGetTheirOwnResultAndWritersStayWithinTheLimit() throws Exception {
        Writer writer = new Writer();
        GroupCommit<String, String> groups = new GroupCommit<>(4, 2, writer);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String item = "n" + i;
            results.add(callers.submit(() -> groups.submit(item)));
        }
        for (int i = 0; i < 400; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("n" + i + " written");
        }
        assertThat(writer.groups.stream().mapToInt(List::size).sum()).isEqualTo(400);
        assertThat(writer.groups).allSatisfy(g -> assertThat(g.size()).isBetween(1, 4));
        assertThat(writer.mostAtOnce.get()).isLessThanOrEqualTo(2);
    }
}
