package dev.horizon.data.servlet;

import dev.horizon.data.CausalToken;
import dev.horizon.data.DataScope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Read-your-writes across instances for a servlet application: each request runs inside a
 * {@link DataScope#causal causal scope} whose token is the user's last write, kept in their session.
 *
 * <p>At the start of a request the filter reads the token from the session attribute (none when there is no
 * session or the value is unreadable); a {@link dev.horizon.data.RoutingDataSource} then sends the request's replica
 * reads only to a replica that has replayed it. Each write the request commits stores its token back into the
 * session at once — before the response is written, so a session store that saves when the response commits (like
 * {@code dev.horizon.session}'s filter) saves it. A request that writes without a session creates one. Put this
 * filter after the session filter. The scope is closed when the request ends, so no hint reaches the thread's next
 * request.
 */
public final class CausalConsistencyFilter implements Filter {

    /** The session attribute the token is kept in unless another is given. */
    public static final String DEFAULT_ATTRIBUTE = "horizon.causal";

    private final String attribute;

    private CausalConsistencyFilter(String attribute) {
        this.attribute = attribute;
    }

    /** A filter that keeps the token in {@value #DEFAULT_ATTRIBUTE}. */
    public static CausalConsistencyFilter create() {
        return new CausalConsistencyFilter(DEFAULT_ATTRIBUTE);
    }

    /** A filter that keeps the token in the named session attribute (a {@code pg_lsn} string). */
    public static CausalConsistencyFilter withAttribute(String attribute) {
        Objects.requireNonNull(attribute, "attribute");
        if (attribute.isBlank()) {
            throw new IllegalArgumentException("causal token attribute: must not be blank");
        }
        return new CausalConsistencyFilter(attribute);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        try (DataScope ignored = DataScope.causal(token(http.getSession(false)), written -> keep(http, written))) {
            chain.doFilter(request, response);
        }
    }

    /**
     * Stores the token in the session unless the session holds a later one already: requests of one user run
     * concurrently, and the one that reports last may have committed first, so the session keeps the maximum (the
     * read-compare-write holds the session's lock, which serializes the requests of this JVM). A write made while the
     * session is being invalidated (a logout that records a revocation, say) has no session left to follow: nothing
     * is stored, as there is no later read to protect.
     */
    private void keep(HttpServletRequest http, CausalToken written) {
        try {
            HttpSession session = http.getSession(true);
            synchronized (session) {
                CausalToken stored = token(session);
                if (stored == null || stored.compareTo(written) < 0) {
                    session.setAttribute(attribute, written.toString());
                }
            }
        } catch (IllegalStateException sessionGone) {
            // invalidated during this request; a new session starts without a token, which is correct
        }
    }

    private @Nullable CausalToken token(@Nullable HttpSession session) {
        if (session == null || !(session.getAttribute(attribute) instanceof String text)) {
            return null;
        }
        try {
            return CausalToken.parse(text);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
