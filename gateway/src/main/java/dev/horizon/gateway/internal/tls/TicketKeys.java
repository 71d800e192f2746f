package dev.horizon.gateway.internal.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The session-ticket keys of the TLS listener: the newest encrypts new tickets, the one before still decrypts
 * tickets issued before the last rotation, so a rotation costs no resumption (nginx's and HAProxy's two-key
 * rotation; RFC 5077 §5.5 recommends changing the keys regularly).
 */
final class TicketKeys {

    private final SecureRandom random;
    private final List<OpenSslSessionTicketKey> keys = new ArrayList<>(2);

    TicketKeys(SecureRandom random) {
        this.random = random;
        keys.add(newKey());
    }

    /** The keys to install, the encrypting one first. */
    synchronized List<OpenSslSessionTicketKey> current() {
        return List.copyOf(keys);
    }

    /** Makes a new encrypting key and keeps the previous one for decryption only. */
    synchronized void rotate() {
        keys.add(0, newKey());
        while (keys.size() > 2) {
            keys.remove(keys.size() - 1);
        }
    }

    private OpenSslSessionTicketKey newKey() {
        byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }
}
