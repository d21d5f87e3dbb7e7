package dev.leadscore.backtest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.startup.StartupGate;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * The background jobs that read a CRM export: backtests and proposals. A job's row exists from the
 * upload on ({@link BacktestRecord}, running); the work runs on one job thread outside any
 * transaction, reports how much of its files it has read, and stores its result (done) or why it
 * failed in short transactions of their own. Its work folder goes when it ends.
 */
@ApplicationScoped
public class BacktestJobs {
    private static final Logger LOG = Logger.getLogger(BacktestJobs.class);

    /** A job's work: runs in the background and returns what to store on its row when it is done. */
    @FunctionalInterface
    interface Work {
        Consumer<BacktestRecord> run(Progress progress) throws IOException;
    }

    /** Bytes read of a running job's files, against the bytes a whole run reads, as a share of the job. */
    static final class Progress {
        final AtomicLong read = new AtomicLong();
        final double expected;
        /** the share of the job that reading is; what follows (a fit) moves {@link #done} */
        final double readShare;
        volatile double done;

        Progress(double expected, double readShare) {
            this.expected = Math.max(1, expected);
            this.readShare = readShare;
        }

        double fraction() {
            return Math.min(0.99, Math.max(done, read.get() / expected * readShare));
        }
    }

    /** One job at a time: a run already uses every core, a second would only slow both. */
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backtest-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Progress> progress = new ConcurrentHashMap<>();
    /** How long a job stays this instance's without a renewal (renewed every 10 s by default). */
    private static final int LEASE_SECONDS = 60;

    @PreDestroy
    void stop() {
        jobs.shutdownNow();
    }

    /**
     * Jobs cut short by a stop of the instance running them are marked failed, not left running
     * forever: each instance renews the lease of the jobs it holds, and a running job whose lease
     * ran out is failed by whichever instance looks first (at start-up and on every renewal). Jobs
     * another instance is still running keep their lease and are left alone.
     */
    void interruptedRuns(@Observes StartupEvent start) {
        failAbandoned();
    }

    @Scheduled(every = "${leadscore.backtest.lease-renewal:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = StartupGate.Closed.class)
    void renewLeases() {
        List<Long> held = List.copyOf(progress.keySet());
        if (!held.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> BacktestRecord.getEntityManager().createNativeQuery(
                    "update backtest set lease_until = clock_timestamp() + make_interval(secs => ?1) "
                            + "where id = any(?2) and status = 'running'")
                    .setParameter(1, LEASE_SECONDS).setParameter(2, held.toArray(Long[]::new)).executeUpdate());
        }
        failAbandoned();
    }

    private static void failAbandoned() {
        int failed = QuarkusTransaction.requiringNew().call(() -> BacktestRecord.getEntityManager().createNativeQuery(
                "update backtest set status = 'failed', error = ?1 where status = 'running' "
                        + "and (lease_until is null or lease_until < clock_timestamp())")
                .setParameter(1, "the service running it stopped during the run; upload the files again")
                .executeUpdate());
        if (failed > 0) {
            LOG.infof("%d backtest or proposal job(s) lost their instance and are marked failed", failed);
        }
    }

    /** Stores {@code job} as running and starts {@code work} in the background; {@code work} folder is deleted after. */
    BacktestRecord submit(BacktestRecord job, Progress p, Path workFolder, Work work) {
        job.status = BacktestRecord.RUNNING;
        QuarkusTransaction.requiringNew().run(() -> {
            job.persist();
            BacktestRecord.getEntityManager().flush();
            BacktestRecord.getEntityManager().createNativeQuery(
                    "update backtest set lease_until = clock_timestamp() + make_interval(secs => ?1) where id = ?2")
                    .setParameter(1, LEASE_SECONDS).setParameter(2, job.id).executeUpdate();
        });
        long id = job.id;
        progress.put(id, p);
        jobs.submit(() -> run(id, job.kind, p, workFolder, work));
        return job;
    }

    private void run(long id, String kind, Progress p, Path workFolder, Work work) {
        // the work runs as a request would (services it calls may need the request context), outside any transaction
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            Consumer<BacktestRecord> result = work.run(p);
            QuarkusTransaction.requiringNew().run(() -> {
                BacktestRecord r = BacktestRecord.findById(id);
                result.accept(r);
                r.status = BacktestRecord.DONE;
            });
        } catch (ImportException e) {
            fail(id, where(e) + ": " + e.getMessage());
        } catch (ProblemException e) {
            Problem problem = e.problem();
            fail(id, problem.detail() + (problem.errors() == null ? "" : problem.errors().stream()
                    .map(x -> "; " + x.field() + ": " + x.message()).reduce("", String::concat)));
        } catch (RuntimeException | IOException e) {
            LOG.error(kind + " " + id + " failed", e);
            fail(id, "the run failed: " + e);
        } finally {
            request.terminate();
            progress.remove(id);
            deleteTree(workFolder);
        }
    }

    private static void fail(long id, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            BacktestRecord r = BacktestRecord.findById(id);
            r.status = BacktestRecord.FAILED;
            r.error = error;
        });
    }

    /** How far a job is: 1 when done, else the share its progress says (0 when it is not running here). */
    double progress(BacktestRecord r) {
        if (BacktestRecord.DONE.equals(r.status)) {
            return 1;
        }
        Progress p = progress.get(r.id);
        return p == null ? 0 : p.fraction();
    }

    /** The bytes a job reads: the events file once, the leads file once per events bucket. */
    static double expectedBytes(Path leads, Path events) throws IOException {
        long eventBytes = events == null ? 0 : Files.size(events);
        long buckets = Math.max(1, Math.min(4096, (eventBytes + EventBuckets.DEFAULT_BYTES_PER_BUCKET - 1)
                / EventBuckets.DEFAULT_BYTES_PER_BUCKET));
        return eventBytes + (double) Files.size(leads) * buckets;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<BacktestRecord> list(String kind) {
        return BacktestRecord.<BacktestRecord>find("kind = ?1 order by createdAt desc, id desc", kind).page(0, 200).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<BacktestRecord> find(String kind, long id) {
        return BacktestRecord.<BacktestRecord>findByIdOptional(id).filter(r -> kind.equals(r.kind));
    }

    /**
     * A finished job; one still going or failed is a conflict that says which and how far.
     * {@code noun} names it ("Backtest", "Proposal"), {@code statusPath} where to poll.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<BacktestRecord> done(String kind, long id, String noun, String statusPath) {
        Optional<BacktestRecord> r = find(kind, id);
        r.filter(x -> !BacktestRecord.DONE.equals(x.status)).ifPresent(x -> {
            String detail = BacktestRecord.RUNNING.equals(x.status)
                    ? noun + " " + id + " is still running (" + Math.round(progress(x) * 100) + "% done); GET "
                            + statusPath + " until it is done"
                    : noun + " " + id + " failed: " + x.error;
            throw new ProblemException(new Problem("/problems/backtest-not-ready", noun + " not ready", 409, detail, null));
        });
        return r;
    }

    /** A source whose reads count towards {@code p}. */
    static Backtest.Source counted(Backtest.Source source, Progress p) {
        return new Backtest.Source() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(source.open()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            p.read.incrementAndGet();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) {
                            p.read.addAndGet(n);
                        }
                        return n;
                    }
                };
            }

            @Override
            public long size() {
                return source.size();
            }
        };
    }

    static String where(ImportException e) {
        return e.file() + (e.line() == null ? "" : " line " + e.line())
                + (e.column() == null ? "" : " column '" + e.column() + "'");
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a work folder left behind in the temp directory is harmless
        }
    }
}
