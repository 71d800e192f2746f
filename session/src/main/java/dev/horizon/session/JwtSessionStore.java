package dev.horizon.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the whole session is the token's payload: jti (the session id), sub (the user), iat/nbf/exp,
 * aud, iss, and three private claims: hz_ct (creation, epoch ms), hz_at (issue time, epoch ms, so revoking a user
 * "up to now" is exact to the millisecond) and hz_a (the attributes, as JSON values). exp is the idle deadline
 * capped by the lifetime; the idle timeout slides because save() re-issues a token when the session changed or when
 * more than half of its idle window has passed. Whatever the revocation list holds is checked on every load and on
 * every save that writes, so a stale request cannot re-issue an invalidated session.
 */
final class JwtSessionStore implements SessionStore {

    /** Browsers keep cookies of up to 4096 bytes, name and attributes included. */
    static final int MAX_COOKIE_TOKEN = 4000;

    private final JwtSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final JwtCodec codec;

    JwtSessionStore(JwtSettings settings) {
        this.settings = settings;
        this.codec = new JwtCodec(json, settings.keys());
    }

    @Override
    public Optional<Session> load(String token) {
        ObjectNode claims = codec.verify(token);
        if (claims == null) {
            return Optional.empty();
        }
        Instant now = settings.clock().instant();
        long nowSeconds = now.getEpochSecond();
        long skew = settings.clockSkew().toSeconds();
        JsonNode exp = claims.get("exp");
        JsonNode nbf = claims.get("nbf");
        JsonNode iat = claims.get("iat");
        JsonNode jti = claims.get("jti");
        JsonNode created = claims.get("hz_ct");
        JsonNode issued = claims.get("hz_at");
        JsonNode attributes = claims.get("hz_a");
        if (!isLong(exp) || !isLong(iat) || !isLong(created) || !isLong(issued) || jti == null || !jti.isTextual()
            || attributes == null || !attributes.isObject() || nbf != null && !isLong(nbf)) {
            return Optional.empty();
        }
        Instant issuedAt = Instant.ofEpochMilli(issued.longValue());
        Instant createdAt = Instant.ofEpochMilli(created.longValue());
        if (nowSeconds >= exp.longValue() || nbf != null && nbf.longValue() > nowSeconds + skew
            || iat.longValue() > nowSeconds + skew || !now.isBefore(settings.timeouts().expiry(createdAt, issuedAt))
            || !audienceMatches(claims.get("aud")) || !issuerMatches(claims.get("iss"))) {
            return Optional.empty();
        }
        JsonNode sub = claims.get("sub");
        String user = sub != null && sub.isTextual() ? sub.textValue() : null;
        if (settings.revocations().isRevoked(jti.textValue(), user, issuedAt)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : attributes.properties()) {
            values.put(e.getKey(), text(e.getValue()));
        }
        Session session = Session.stored(jti.textValue(), createdAt, issuedAt, user, values);
        session.presentedToken(token);
        return Optional.of(session);
    }

    @Override
    public Session create() {
        return Session.fresh(SessionIds.next(), settings.clock().instant());
    }

    @Override
    public Optional<String> save(Session session) {
        Instant now = settings.clock().instant();
        String storedId = session.storedId();
        Instant lifeEnd = session.created().plus(settings.timeouts().maxLifetime());
        if (session.isInvalidated()) {
            if (storedId != null) {
                settings.revocations().revoke(storedId, lifeEnd);
            }
            return Optional.empty();
        }
        String presented = session.presentedToken();
        if (storedId != null) {
            if (!now.isBefore(settings.timeouts().expiry(session.created(), session.lastAccessed()))) {
                return Optional.empty();
            }
            if (!session.isDirty() && presented != null) {
                long age = java.time.Duration.between(session.lastAccessed(), now).toMillis();
                if (age * 2 < settings.timeouts().idle().toMillis()) {
                    return Optional.of(presented);
                }
            }
            String loadedUser = session.isUserChanged() ? null : session.user();
            if (session.isDirty() && settings.revocations().isRevoked(storedId, loadedUser, session.lastAccessed())) {
                return Optional.empty();
            }
            if (session.isRotated()) {
                settings.revocations().revoke(storedId, lifeEnd);
            }
        }
        String token = codec.sign(claims(session, now, lifeEnd));
        if (token.length() > MAX_COOKIE_TOKEN) {
            throw new IllegalStateException("session " + session.id().substring(0, 6) + "… needs a token of "
                + token.length() + " bytes, more than a cookie holds (" + MAX_COOKIE_TOKEN + "); keep less in it");
        }
        return Optional.of(token);
    }

    private ObjectNode claims(Session session, Instant now, Instant lifeEnd) {
        Instant idleEnd = now.plus(settings.timeouts().idle());
        Instant exp = idleEnd.isBefore(lifeEnd) ? idleEnd : lifeEnd;
        ObjectNode claims = json.createObjectNode();
        claims.put("jti", session.id());
        if (session.user() != null) {
            claims.put("sub", session.user());
        }
        claims.put("aud", settings.audience());
        if (settings.issuer() != null) {
            claims.put("iss", settings.issuer());
        }
        claims.put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond())
            .put("exp", (exp.toEpochMilli() + 999) / 1000)
            .put("hz_ct", session.created().toEpochMilli()).put("hz_at", now.toEpochMilli());
        ObjectNode attributes = claims.putObject("hz_a");
        session.attributes().forEach((name, value) -> attributes.set(name, node(name, value)));
        return claims;
    }

    @Override
    public void invalidateUser(String user) {
        Instant now = settings.clock().instant();
        settings.revocations().revokeUser(user, now, now.plus(settings.timeouts().maxLifetime()));
    }

    @Override
    public SessionTimeouts timeouts() {
        return settings.timeouts();
    }

    @Override
    public boolean answers() {
        return settings.revocations().answers();
    }

    @Override
    public void close() {
        settings.revocations().close();
    }

    private boolean audienceMatches(@Nullable JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return aud.textValue().equals(settings.audience());
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (a.isTextual() && a.textValue().equals(settings.audience())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean issuerMatches(@Nullable JsonNode iss) {
        String expected = settings.issuer();
        return expected == null || iss != null && iss.isTextual() && iss.textValue().equals(expected);
    }

    private static boolean isLong(@Nullable JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong();
    }

    private String text(JsonNode value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private JsonNode node(String name, String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' is not JSON text: "
                + e.getOriginalMessage(), e);
        }
    }
}
