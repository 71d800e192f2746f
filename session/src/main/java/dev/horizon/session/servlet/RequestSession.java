package dev.horizon.session.servlet;

import dev.horizon.session.AttributeCodec;
import dev.horizon.session.Session;
import dev.horizon.session.SessionStore;
import dev.horizon.session.UnreadableSessionException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the session is loaded on the first getSession() of the request, not before, so requests that
 * never touch it cost nothing. It is saved exactly once, just before the response commits (the response wrapper
 * calls commit() on flush, a full buffer, sendError and sendRedirect) or after the filter chain, whichever is first,
 * because the Set-Cookie header must precede the body. Every attribute is decoded at load: a session this app version
 * cannot read is found out before the application sees it, and is then treated as absent.
 */
final class RequestSession {

    private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

    private final SessionStore store;
    private final AttributeCodec codec;
    private final SessionCookie cookie;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ServletContext context;
    private @Nullable String requestedToken;
    private boolean loaded;
    private boolean requestedValid;
    private @Nullable StoreHttpSession current;
    private boolean clearCookie;
    private boolean committed;

    RequestSession(SessionStore store, AttributeCodec codec, SessionCookie cookie, HttpServletRequest request,
                   HttpServletResponse response, ServletContext context) {
        this.store = store;
        this.codec = codec;
        this.cookie = cookie;
        this.request = request;
        this.response = response;
        this.context = context;
    }

    /** The session of this request; with {@code create}, a new one when there is none. */
    @Nullable StoreHttpSession get(boolean create) {
        loadOnce();
        if (current == null && create) {
            if (committed) {
                throw new IllegalStateException("cannot create a session after the response was committed");
            }
            current = new StoreHttpSession(this, store.create(), Map.of(), codec, context);
        }
        return current;
    }

    java.time.Duration idleTimeout() {
        return store.timeouts().idle();
    }

    @Nullable String requestedToken() {
        loadOnce();
        return requestedToken;
    }

    boolean requestedTokenValid() {
        loadOnce();
        return requestedValid;
    }

    /** Ends {@code session} in the store right away, so a logout holds even if this response fails later. */
    void invalidate(StoreHttpSession session) {
        Session s = session.session();
        s.invalidate();
        store.save(s);
        if (current == session) {
            current = null;
        }
        clearCookie = true;
    }

    /** Saves the session and sets or clears the cookie; runs once, before the response commits. */
    void commit() {
        if (committed) {
            return;
        }
        committed = true;
        StoreHttpSession session = current;
        if (session == null) {
            if (clearCookie) {
                setCookie(cookie.clear(request.isSecure()));
            }
            return;
        }
        Optional<String> token = store.save(session.session());
        if (token.isEmpty()) {
            setCookie(cookie.clear(request.isSecure()));
        } else if (!token.get().equals(requestedToken)) {
            setCookie(cookie.set(token.get(), request.isSecure()));
        }
    }

    private void setCookie(String value) {
        if (response.isCommitted()) {
            LOG.log(System.Logger.Level.WARNING, "response to {0} committed before the session cookie could be set",
                request.getRequestURI());
            return;
        }
        response.addHeader("Set-Cookie", value);
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        loaded = true;
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return;
        }
        for (Cookie c : cookies) {
            if (!c.getName().equals(cookie.name()) || c.getValue().isEmpty()) {
                continue;
            }
            if (requestedToken == null) {
                requestedToken = c.getValue();
            }
            Optional<Session> found = store.load(c.getValue());
            if (found.isPresent()) {
                Map<String, Object> values = decode(found.get());
                if (values != null) {
                    requestedToken = c.getValue();
                    requestedValid = true;
                    current = new StoreHttpSession(this, found.get(), values, codec, context);
                    return;
                }
            }
        }
        clearCookie = requestedToken != null;
    }

    private @Nullable Map<String, Object> decode(Session session) {
        Map<String, Object> values = new HashMap<>();
        try {
            session.attributes().forEach((name, json) -> values.put(name, codec.decode(name, json)));
            return values;
        } catch (UnreadableSessionException e) {
            LOG.log(System.Logger.Level.WARNING, "session {0} of user {1} cannot be read, starting a fresh one: {2}",
                session.id().substring(0, 6) + "…", session.user(), e.getMessage());
            return null;
        }
    }
}
