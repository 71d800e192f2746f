package dev.horizon.autoscale;

/** Where an instance is in its life, as the fleet reports it (the Kubernetes pod phase, plus terminating). */
public enum Phase {
    /** Launched, not yet running: counted as unready. */
    PENDING,
    /** Running; {@link InstanceSample#ready()} says whether it serves. */
    RUNNING,
    /** Exited or failed its start: ignored. */
    FAILED,
    /** Being drained and stopped: ignored. */
    TERMINATING
}
