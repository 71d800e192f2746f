package dev.horizon.fleet.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one thread that starts every process of a provider.
 *
 * <p>Why a thread of its own: the children are started through {@code setpriv --pdeathsig KILL}, and Linux sends the
 * parent-death signal when the <em>thread</em> that forked the child exits, not when the process does
 * (prctl(2), {@code PR_SET_PDEATHSIG}). A child forked from a pool thread that is later retired, or from a request
 * thread, would be killed with it. This thread forks every child and lives until the provider is closed (after its
 * children are stopped) or the JVM ends, which is exactly when the children should die. It never runs anything but
 * {@link ProcessBuilder#start()}, and a failing start cannot end it ({@link FutureTask} catches the exception).
 */
final class Launcher implements AutoCloseable {

    private static final FutureTask<Process> STOP = new FutureTask<>(() -> {
        throw new IllegalStateException("never run");
    });

    private final BlockingQueue<FutureTask<Process>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    Launcher(String name) {
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    /** Starts the process on the launcher thread and waits for it to have started. */
    Process start(ProcessBuilder builder) throws IOException {
        if (!thread.isAlive()) {
            throw new IOException("the process launcher has stopped (provider closed)");
        }
        FutureTask<Process> task = new FutureTask<>(builder::start);
        queue.add(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting " + builder.command());
        }
    }

    private void run() {
        while (true) {
            FutureTask<Process> task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    /** Ends the thread after the starts already queued; its children get the parent-death signal then. */
    @Override
    public void close() {
        queue.add(STOP);
    }
}
