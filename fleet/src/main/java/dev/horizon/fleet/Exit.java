package dev.horizon.fleet;

import java.util.Objects;

/**
 * How an instance ended, as its provider reports it.
 *
 * @param code  the exit status as a shell would show it (128 + N for a process ended by signal N, so 137 after
 *              SIGKILL and 143 after SIGTERM); {@value #UNKNOWN} when there is none (the launch itself failed)
 * @param cause one line for people, e.g. {@code exited with code 3} or {@code killed by SIGKILL (exit code 137)}
 */
public record Exit(int code, String cause) {

    /** The {@link #code} of an exit without a status. */
    public static final int UNKNOWN = -1;

    private static final String[] SIGNALS = {
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    };

    /** Validates the cause. */
    public Exit {
        Objects.requireNonNull(cause, "cause");
    }

    /** The exit of a process with this exit status; statuses 129..143 are described as the signal that ended it. */
    public static Exit ofStatus(int code) {
        if (code > 128 && code - 128 < SIGNALS.length) {
            return new Exit(code, "killed by " + SIGNALS[code - 128] + " (exit code " + code + ")");
        }
        return new Exit(code, "exited with code " + code);
    }

    /** An ending without an exit status, e.g. {@code launch failed: command not found: shopd}. */
    public static Exit withoutStatus(String cause) {
        return new Exit(UNKNOWN, cause);
    }

    @Override
    public String toString() {
        return cause;
    }
}
