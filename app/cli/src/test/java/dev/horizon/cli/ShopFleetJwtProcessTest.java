package dev.horizon.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** The shop fleet with sessions in signed JWT cookies (revocations in the shared database). */
final class ShopFleetJwtProcessTest extends ShopFleetContract {

    @Override
    Map<String, String> sessionEnv(Path dir) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Map.of("DEMO_SESSIONS", "jwt", "DEMO_JWT_SECRET", Base64.getEncoder().encodeToString(secret));
    }
}
