package dev.horizon.session.servlet;

import dev.horizon.session.SessionIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/** The request the application sees: its sessions come from the store. */
final class SessionRequest extends HttpServletRequestWrapper {

    private final RequestSession sessions;

    SessionRequest(HttpServletRequest request, RequestSession sessions) {
        super(request);
        this.sessions = sessions;
    }

    @Override
    public @Nullable HttpSession getSession(boolean create) {
        return sessions.get(create);
    }

    @Override
    public HttpSession getSession() {
        StoreHttpSession session = sessions.get(true);
        if (session == null) {
            throw new IllegalStateException("no session could be created");
        }
        return session;
    }

    @Override
    public String changeSessionId() {
        StoreHttpSession session = sessions.get(false);
        if (session == null) {
            throw new IllegalStateException("changeSessionId: this request has no session");
        }
        String id = SessionIds.next();
        session.session().changeId(id);
        return id;
    }

    @Override
    public @Nullable String getRequestedSessionId() {
        return sessions.requestedToken();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessions.requestedTokenValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessions.requestedToken() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
