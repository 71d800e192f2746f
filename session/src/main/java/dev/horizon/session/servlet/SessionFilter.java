package dev.horizon.session.servlet;

import dev.horizon.session.AttributeCodec;
import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionStoreException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Backs {@code HttpSession} with a {@link SessionStore}: {@code getSession}, attributes, {@code invalidate} and
 * {@code changeSessionId} work as the Servlet specification says, but the state lives in the store, so every instance
 * of the application sees the same sessions.
 *
 * <p>Map it first in the chain, for every path that may use the session. The session is loaded on the request's first
 * {@code getSession} and saved once, just before the response commits. The user a session belongs to is the
 * attribute {@link #USER} (a String); stores index sessions by it, for {@link SessionStore#invalidateUser}.
 *
 * <p>A stored session this application cannot decode is logged and treated as absent (the request gets a fresh
 * session); a store that cannot be reached turns into a 503 when the response is still open.
 */
public final class SessionFilter implements Filter {

    /** The attribute that names the session's user. */
    public static final String USER = "dev.horizon.session.user";

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

    private final SessionStore store;
    private final AttributeCodec codec;
    private final SessionCookie cookie;
    private @Nullable FilterConfig config;

    private SessionFilter(SessionStore store, AttributeCodec codec, SessionCookie cookie) {
        this.store = store;
        this.codec = codec;
        this.cookie = cookie;
    }

    /** A filter over {@code store}, with JSON attributes and the {@link SessionCookie#DEFAULT} cookie. */
    public static SessionFilter of(SessionStore store) {
        return new SessionFilter(store, AttributeCodec.json(), SessionCookie.DEFAULT);
    }

    /** A filter with its codec and cookie chosen. */
    public static SessionFilter of(SessionStore store, AttributeCodec codec, SessionCookie cookie) {
        return new SessionFilter(store, codec, cookie);
    }

    @Override
    public void init(FilterConfig filterConfig) {
        this.config = filterConfig;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        FilterConfig filterConfig = config;
        var context = filterConfig != null ? filterConfig.getServletContext() : request.getServletContext();
        RequestSession sessions = new RequestSession(store, codec, cookie, request, response, context);
        SessionResponse wrapped = new SessionResponse(response, sessions::commit);
        try {
            chain.doFilter(new SessionRequest(request, sessions), wrapped);
            sessions.commit();
            wrapped.finish();
        } catch (SessionStoreException e) {
            LOG.log(System.Logger.Level.ERROR, "session store failed on " + request.getRequestURI() + ": "
                + e.getMessage(), e);
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"session store unavailable\"}");
            }
        }
    }
}
