package dev.horizon.session.servlet;

import dev.horizon.session.AttributeCodec;
import dev.horizon.session.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: a value is encoded when it is set, so an attribute that cannot be written as JSON fails at
 * the application's setAttribute call, not later at commit. As with Spring Session's default, changing an object
 * after setting it is not seen: set it again.
 */
final class StoreHttpSession implements HttpSession {

    private final RequestSession owner;
    private final Session session;
    private final Map<String, Object> values;
    private final AttributeCodec codec;
    private final ServletContext context;
    private boolean valid = true;

    StoreHttpSession(RequestSession owner, Session session, Map<String, Object> values, AttributeCodec codec,
                     ServletContext context) {
        this.owner = owner;
        this.session = session;
        this.values = new HashMap<>(values);
        this.codec = codec;
        this.context = context;
    }

    Session session() {
        return session;
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return session.created().toEpochMilli();
    }

    @Override
    public String getId() {
        return session.id();
    }

    @Override
    public long getLastAccessedTime() {
        checkValid();
        return session.lastAccessed().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    /** Timeouts are the store's, for every session; a per-session interval is not kept. */
    @Override
    public void setMaxInactiveInterval(int interval) {
        checkValid();
    }

    @Override
    public int getMaxInactiveInterval() {
        return (int) Math.min(Integer.MAX_VALUE, owner.idleTimeout().toSeconds());
    }

    @Override
    public @Nullable Object getAttribute(String name) {
        checkValid();
        if (SessionFilter.USER.equals(name)) {
            return session.user();
        }
        return values.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid();
        Set<String> names = new LinkedHashSet<>(values.keySet());
        if (session.user() != null) {
            names.add(SessionFilter.USER);
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, @Nullable Object value) {
        checkValid();
        if (value == null) {
            removeAttribute(name);
        } else if (SessionFilter.USER.equals(name)) {
            if (!(value instanceof String user)) {
                throw new IllegalArgumentException(SessionFilter.USER + ": expected a String, got "
                    + value.getClass().getName());
            }
            session.setUser(user);
        } else {
            session.setAttribute(name, codec.encode(name, value));
            values.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        if (SessionFilter.USER.equals(name)) {
            session.setUser(null);
        } else {
            session.removeAttribute(name);
            values.remove(name);
        }
    }

    @Override
    public void invalidate() {
        checkValid();
        valid = false;
        owner.invalidate(this);
    }

    @Override
    public boolean isNew() {
        checkValid();
        return session.isNew();
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("session " + session.id() + " was invalidated");
        }
    }
}
