package dev.horizon.data.cache;

/** A cache's loader failed; the cause is the loader's exception. Nothing was cached. */
public final class CacheLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CacheLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
