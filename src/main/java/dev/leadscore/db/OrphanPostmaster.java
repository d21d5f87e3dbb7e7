package dev.leadscore.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

/**
 * A PostgreSQL server left running on our data folder by a service that died without stopping it
 * ({@code kill -9}, the OOM killer, a power-cut container). Its {@code postmaster.pid} makes the
 * next start fail, so before starting we stop it, but only when it is certainly an orphan of ours:
 * <ul>
 * <li>no live process holds the folder's start lock ({@code epg-lock}, held by every running
 * embedded database for its whole life, and released by the operating system when its process
 * dies), so no running service is using that server;</li>
 * <li>{@code postmaster.pid} names our data folder, and its process is alive and is a
 * {@code postgres} server started on that folder.</li>
 * </ul>
 * A {@code postmaster.pid} whose process is gone is left alone: PostgreSQL itself replaces it.
 */
final class OrphanPostmaster {
    private static final Logger LOG = Logger.getLogger(OrphanPostmaster.class);
    /** The file the embedded PostgreSQL library locks while a server on this folder is in use. */
    static final String START_LOCK = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private OrphanPostmaster() {
    }

    /**
     * Stops the orphan server on {@code dataDir}, if there is one.
     *
     * @throws IllegalStateException when a live service still holds the folder, or the orphan does not stop
     */
    static void stopIfAny(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (RandomAccessFile lockFile = new RandomAccessFile(dataDir.resolve(START_LOCK).toFile(), "rw");
                FileChannel channel = lockFile.getChannel();
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException("The embedded PostgreSQL data in " + dataDir
                        + " is in use by another running service; stop it first or set leadscore.embedded-db.dir to another folder");
            }
            Optional<ProcessHandle> orphan = postmasterOf(dataDir, pidFile);
            if (orphan.isPresent()) {
                stop(orphan.get(), dataDir);
            }
        }
    }

    /** The folder's start lock, or null when a live process (this one included) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The live postgres process {@code postmaster.pid} names, if it runs on {@code dataDir}. */
    static Optional<ProcessHandle> postmasterOf(Path dataDir, Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        if (!samePath(Path.of(lines.get(1).strip()), dataDir)) {
            LOG.warnf("%s names data folder %s, not %s; leaving it to PostgreSQL", pidFile, lines.get(1).strip(), dataDir);
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> isPostgresOn(process, dataDir));
    }

    private static boolean isPostgresOn(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(false);
        if (!postgres) {
            return false;
        }
        // the server's own command line names its data folder after -D (where the platform shows it)
        return info.arguments().map(args -> {
            for (int i = 0; i + 1 < args.length; i++) {
                if ("-D".equals(args[i]) && samePath(Path.of(args[i + 1]), dataDir)) {
                    return true;
                }
            }
            return false;
        }).orElse(true);
    }

    private static void stop(ProcessHandle postmaster, Path dataDir) throws IOException {
        LOG.warnf("An embedded PostgreSQL (pid %d) was left running on %s by a service that did not stop it; stopping it before starting again",
                postmaster.pid(), dataDir);
        Path pgCtl = postmaster.info().command().map(command -> Path.of(command).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable).orElse(null);
        // fast shutdown: ends the dead service's sessions, checkpoints, removes postmaster.pid;
        // without pg_ctl at hand, SIGTERM (a smart shutdown: the dead service's sessions are gone)
        if (pgCtl == null || !pgCtlStop(pgCtl, dataDir)) {
            postmaster.destroy();
        }
        try {
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded PostgreSQL left running on " + dataDir + " (pid "
                    + postmaster.pid() + ") did not stop within " + STOP_WAIT.toSeconds() + "s; stop it by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphan PostgreSQL on " + dataDir, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean pgCtlStop(Path pgCtl, Path dataDir) throws IOException {
        Process process = new ProcessBuilder(pgCtl.toString(), "-D", dataDir.toString(), "stop", "-m", "fast", "-w",
                "-t", String.valueOf(STOP_WAIT.toSeconds()))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (process.waitFor() != 0) {
                LOG.warnf("pg_ctl stop on %s answered: %s", dataDir, output);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphan PostgreSQL on " + dataDir, e);
        }
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
