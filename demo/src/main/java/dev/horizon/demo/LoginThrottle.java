package dev.horizon.demo;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Limits wrong passwords per user and per client address with an exponentially growing lock-out: after
 * {@code freeFailures} failures in a row a key is locked for {@code firstLock}, doubling with every further failure up
 * to {@code maxLock}; a key with no failure for {@code forgetAfter} starts again from zero, and a successful login
 * clears the user's count. A locked key is refused at once (429 with {@code Retry-After}) whether or not the
 * password is right, and the refused attempt is not counted, so a client that waits as told gets its next try.
 *
 * <p>Implementation notes. This follows the OWASP Authentication Cheat Sheet ("Account Lockout": a failure counter
 * per account with a lock-out that grows, instead of a permanent lock an attacker could use to lock users out for
 * good) and its advice to also limit per source address, which is what stops one client spraying one password over
 * many users (OWASP "Credential Stuffing Prevention"). The counts live in an {@link AttemptStore}: this instance's
 * bounded memory, or Redis so that every instance of the shop shares them.
 *
 * <p>The user's count is charged before the password is checked, atomically with the lock test, so a burst of
 * parallel attempts for one user gets exactly {@code freeFailures} tries; a right password then clears it. The
 * client's count is only tested before and charged after a wrong password (charging first would refuse a busy
 * gateway's honest logins, which all come from one address), so a parallel burst from one client can overshoot its
 * limit by the requests in flight.
 */
final class LoginThrottle {

    /**
     * The lock-out of one kind of key.
     *
     * @param freeFailures failures in a row before the first lock
     * @param firstLock    the first lock; each further failure doubles it
     * @param maxLock      the longest lock
     */
    record Limit(int freeFailures, Duration firstLock, Duration maxLock) {

        Limit {
            if (freeFailures < 1) {
                throw new IllegalArgumentException("freeFailures: " + freeFailures + " (expected: at least 1)");
            }
            if (firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
                throw new IllegalArgumentException("locks: first " + DurationText.format(firstLock) + ", max "
                    + DurationText.format(maxLock) + " (expected: 0 < first <= max)");
            }
        }

        /** Milliseconds a key with {@code failures}, the last at {@code lastMillis}, is still locked at {@code now}. */
        long lockedMillis(long failures, long lastMillis, long nowMillis) {
            if (failures < freeFailures) {
                return 0;
            }
            long doubled = firstLock.toMillis() << Math.min(failures - freeFailures, 40);
            long lock = doubled <= 0 ? maxLock.toMillis() : Math.min(maxLock.toMillis(), doubled); // <= 0: overflow
            return Math.max(0, lastMillis + lock - nowMillis);
        }
    }

    /**
     * Every setting of the throttle.
     *
     * @param perUser     the lock-out of one user name, whoever tries it
     * @param perClient   the lock-out of one client address, whichever users it tries
     * @param forgetAfter how long after its last failure a key starts again from zero (at least {@code maxLock})
     */
    record Settings(Limit perUser, Limit perClient, Duration forgetAfter) {

        /** 5 wrong passwords per user, 20 per client, then 1 s doubling up to 15 min; forgotten after 1 h. */
        static final Settings DEFAULT = new Settings(new Limit(5, Duration.ofSeconds(1), Duration.ofMinutes(15)),
            new Limit(20, Duration.ofSeconds(1), Duration.ofMinutes(15)), Duration.ofHours(1));

        Settings {
            if (forgetAfter.compareTo(perUser.maxLock()) < 0 || forgetAfter.compareTo(perClient.maxLock()) < 0) {
                throw new IllegalArgumentException("forgetAfter: " + DurationText.format(forgetAfter)
                    + " (expected: at least the longest lock, so a lock never outlives its count)");
            }
        }
    }

    /**
     * The answer to a login attempt.
     *
     * @param retryAfterMillis 0 when the attempt may go ahead, else how long the caller must wait
     * @param reason           why it must wait (empty when it may go ahead)
     */
    record Verdict(long retryAfterMillis, String reason) {

        static final Verdict GO = new Verdict(0, "");

        boolean allowed() {
            return retryAfterMillis == 0;
        }

        /** The wait in whole seconds, rounded up, as {@code Retry-After} says it (RFC 9110 §10.2.3). */
        long retryAfterSeconds() {
            return (retryAfterMillis + 999) / 1000;
        }
    }

    private final AttemptStore store;
    private final Settings settings;
    private final InstantSource clock;

    LoginThrottle(AttemptStore store, Settings settings, InstantSource clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Before the password check: whether this attempt may go ahead; when it may, the user's count is charged. */
    Verdict admit(String user, String client) {
        long now = clock.millis();
        long clientWait = store.lockedMillis(clientKey(client), settings.perClient(), now);
        if (clientWait > 0) {
            return new Verdict(clientWait, "too many failed logins from " + client);
        }
        long userWait = store.chargeUnlessLocked(userKey(user), settings.perUser(), now);
        if (userWait > 0) {
            return new Verdict(userWait, "too many failed logins for " + user);
        }
        return Verdict.GO;
    }

    /** After a wrong password (the user was charged by {@link #admit}): charges the client. */
    void failed(String client) {
        store.chargeUnlessLocked(clientKey(client), settings.perClient(), clock.millis());
    }

    /**
     * When the password could not be checked after {@link #admit} let the attempt go ahead (the database failed):
     * the user's charge is taken back, so an outage does not lock out the users who tried during it.
     */
    void unchecked(String user) {
        store.refund(userKey(user));
    }

    /** After a right password: the user's count starts again from zero. */
    void succeeded(String user) {
        store.clear(userKey(user));
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private static String clientKey(String client) {
        return "client:" + client;
    }
}
