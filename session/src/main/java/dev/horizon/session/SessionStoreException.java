package dev.horizon.session;

/** A store could not be reached or answered with an error; the request's session state is unknown. */
public final class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With the store's own failure as the cause. */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Without a cause. */
    public SessionStoreException(String message) {
        super(message);
    }
}
