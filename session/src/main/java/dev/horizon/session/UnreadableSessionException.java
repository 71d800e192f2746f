package dev.horizon.session;

import org.jspecify.annotations.Nullable;

/** Stored session data that cannot be decoded (written by another app version, or corrupted). */
public final class UnreadableSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With the decoder's failure as the cause. */
    public UnreadableSessionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
