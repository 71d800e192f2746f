package dev.horizon.control;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One numbered version of a managed service's pod template: the program its instances run and their extra
 * environment. Revision 1 is the configuration's {@code instances} block; {@code horizon deploy} makes the next one
 * from the current one with the parts it names replaced (as a Kubernetes Deployment makes a ReplicaSet per pod
 * template). Everything else of the {@code instances} block (sizes, counts, probes) stays the configuration's.
 *
 * @param number   1, 2, …
 * @param command  the program and its arguments
 * @param env      extra environment variables
 * @param created  when it was made, ISO-8601 ({@link java.time.Instant#toString()})
 * @param cause    how it was made, e.g. {@code the configuration} or {@code horizon deploy --env VERSION=2}
 */
record Revision(int number, List<String> command, Map<String, String> env, String created, String cause) {

    /** Validates and copies. */
    Revision {
        if (number < 1) {
            throw new IllegalArgumentException("revision: " + number + " (expected: 1 or more)");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(cause, "cause");
    }

    /** The gateway's label of its instances: {@code r1}, {@code r2}, … */
    String label() {
        return "r" + number;
    }

    /** Whether it runs what {@code other} runs (same command and environment). */
    boolean sameTemplate(List<String> otherCommand, Map<String, String> otherEnv) {
        return command.equals(otherCommand) && env.equals(otherEnv);
    }
}
