package dev.horizon.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: JWS compact serialization (RFC 7515) checked in the order that never trusts the token: size,
 * shape, header (alg must be the one of the key its kid names; alg none and the key-carrying headers jku, jwk, x5u,
 * x5c and the crit extension header are refused outright), signature, and only then the payload. Any malformed part
 * makes the token absent; nothing here throws at a caller for bad input.
 */
final class JwtCodec {

    /** Tokens longer than this are not even decoded. */
    static final int MAX_TOKEN = 8192;

    private static final Set<String> REFUSED_HEADERS = Set.of("jku", "jwk", "x5u", "x5c", "crit");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final ObjectMapper json;
    private final JwtKeyRing keys;

    JwtCodec(ObjectMapper json, JwtKeyRing keys) {
        this.json = json;
        this.keys = keys;
    }

    /** Signs {@code claims} with the current key. */
    String sign(ObjectNode claims) {
        JwtKey key = keys.current();
        ObjectNode header = json.createObjectNode().put("alg", key.algorithm().name()).put("typ", "JWT")
            .put("kid", key.kid());
        String input = B64.encodeToString(bytes(header)) + "." + B64.encodeToString(bytes(claims));
        return input + "." + B64.encodeToString(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The claims of a token whose header and signature check out, or null. */
    @Nullable ObjectNode verify(String token) {
        if (token.length() > MAX_TOKEN) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || second == first + 1 || second == token.length() - 1
            || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        try {
            JsonNode header = json.readTree(UNB64.decode(token.substring(0, first)));
            if (header == null || !header.isObject() || !header.path("alg").isTextual()
                || !header.path("kid").isTextual()) {
                return null;
            }
            String alg = header.get("alg").textValue();
            if (alg.toLowerCase(Locale.ROOT).equals("none")) {
                return null;
            }
            for (String name : REFUSED_HEADERS) {
                if (header.has(name)) {
                    return null;
                }
            }
            JwtKey key = keys.find(header.get("kid").textValue());
            if (key == null || !key.algorithm().name().equals(alg)) {
                return null;
            }
            String encodedSignature = token.substring(second + 1);
            byte[] signature = UNB64.decode(encodedSignature);
            if (!B64.encodeToString(signature).equals(encodedSignature)) {
                return null; // non-canonical base64 (stray low bits): a second spelling of the same signature
            }
            if (!key.verify(token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature)) {
                return null;
            }
            JsonNode claims = json.readTree(UNB64.decode(token.substring(first + 1, second)));
            return claims instanceof ObjectNode o ? o : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
