package dev.horizon.session;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request's view of a session: what a store loaded (or a new session), plus a record of what this request
 * changed. A store's {@code save} writes only those changes, which is why two parallel requests that set different
 * attributes both persist.
 *
 * <p>Attribute values are JSON text; {@link AttributeCodec} turns objects into it and back. The user is kept apart
 * from the attributes because stores index sessions by user ({@link SessionStore#invalidateUser}).
 *
 * <p>Not thread-safe: one request owns one {@code Session}.
 */
public final class Session {

    private String id;
    private final @Nullable String storedId;
    private final Instant created;
    private final Instant lastAccessed;
    private @Nullable String user;
    private final @Nullable String storedUser;
    private boolean userChanged;
    private final Map<String, String> attributes;
    private final Map<String, @Nullable String> changes = new LinkedHashMap<>();
    private boolean invalidated;
    private @Nullable String presentedToken;

    private Session(String id, @Nullable String storedId, Instant created, Instant lastAccessed, @Nullable String user,
                    Map<String, String> attributes) {
        this.id = id;
        this.storedId = storedId;
        this.created = created;
        this.lastAccessed = lastAccessed;
        this.user = user;
        this.storedUser = user;
        this.attributes = attributes;
    }

    /** A session that no store holds yet; it is written by the first {@code save}. */
    public static Session fresh(String id, Instant now) {
        return new Session(id, null, now, now, null, new HashMap<>());
    }

    /** A session as a store holds it. */
    public static Session stored(String id, Instant created, Instant lastAccessed, @Nullable String user,
                                 Map<String, String> attributes) {
        return new Session(id, id, created, lastAccessed, user, new HashMap<>(attributes));
    }

    /** The id the session has now (after any {@link #changeId}). */
    public String id() {
        return id;
    }

    /** The id the store holds the session under, or null for a new session. */
    public @Nullable String storedId() {
        return storedId;
    }

    /** Whether no store holds this session yet. */
    public boolean isNew() {
        return storedId == null;
    }

    /** Whether {@link #changeId} moved an already stored session to a new id. */
    public boolean isRotated() {
        return storedId != null && !storedId.equals(id);
    }

    /** When the session was created. */
    public Instant created() {
        return created;
    }

    /** When the session was last loaded before this request (this request's load for a new one). */
    public Instant lastAccessed() {
        return lastAccessed;
    }

    /** The user the session belongs to, or null before login. */
    public @Nullable String user() {
        return user;
    }

    /** Sets (or with null clears) the session's user; stores index sessions by it. */
    public void setUser(@Nullable String user) {
        if (!java.util.Objects.equals(this.user, user)) {
            this.user = user;
            this.userChanged = true;
        }
    }

    /** The user as the store held it (before any {@link #setUser} of this request). */
    public @Nullable String storedUser() {
        return storedUser;
    }

    /** Whether {@link #setUser} changed the user in this request. */
    public boolean isUserChanged() {
        return userChanged;
    }

    /** The JSON text of an attribute, or null when it is not set. */
    public @Nullable String attribute(String name) {
        return attributes.get(name);
    }

    /** All attributes as name to JSON text, read-only. */
    public Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The names of all attributes, read-only. */
    public Set<String> attributeNames() {
        return Collections.unmodifiableSet(attributes.keySet());
    }

    /** Sets an attribute to JSON text. */
    public void setAttribute(String name, String json) {
        attributes.put(name, json);
        changes.put(name, json);
    }

    /** Removes an attribute (a no-op when it is not set). */
    public void removeAttribute(String name) {
        if (attributes.remove(name) != null || changes.containsKey(name)) {
            changes.put(name, null);
        }
    }

    /**
     * What this request changed: attribute name to its new JSON text, or to null when it was removed, in the order
     * of the changes. Read-only.
     */
    public Map<String, @Nullable String> changes() {
        return Collections.unmodifiableMap(changes);
    }

    /** Whether a save has anything to write besides the access time. */
    public boolean isDirty() {
        return !changes.isEmpty() || userChanged || isNew() || isRotated() || invalidated;
    }

    /**
     * Moves the session to a new id, keeping its attributes; saving it kills the old id. Done on login, against
     * session fixation.
     */
    public void changeId(String newId) {
        this.id = newId;
    }

    /** Ends the session; saving it deletes it from the store. */
    public void invalidate() {
        invalidated = true;
    }

    /** Whether {@link #invalidate} was called. */
    public boolean isInvalidated() {
        return invalidated;
    }

    /** Records the token the client presented, for stores whose token is not the id (JWT). */
    void presentedToken(String token) {
        this.presentedToken = token;
    }

    /** The token the client presented, when the store recorded it. */
    @Nullable String presentedToken() {
        return presentedToken;
    }

    @Override
    public String toString() {
        return "Session[" + id + (user == null ? "" : ", user " + user) + ", " + attributes.size() + " attributes]";
    }
}
