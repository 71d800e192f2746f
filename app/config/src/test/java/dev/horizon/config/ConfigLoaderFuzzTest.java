package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random edits of a valid file: whatever the damage, the loader returns a configuration or throws a
 * {@link ConfigException} whose message is one {@code FILE:LINE: message} line, never anything else.
 */
class ConfigLoaderFuzzTest {

    private static final String ALPHABET = " \n\t:-#{}[],'\"&*!|>%@`$0123456789abcdefghijklmnopqrstuvwxyz";

    @Test
    void damagedFilesFailWithALocatedMessage() {
        SplittableRandom random = new SplittableRandom(7);
        String original = ConfigLoaderTest.DESIGN_EXAMPLE;
        int lines = (int) original.lines().count();
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder(original);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(text.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, c);
                    default -> text.setCharAt(at, c);
                }
            }
            String yaml = text.toString();
            try {
                ConfigLoader.parse(yaml, "horizon.yaml", Map.of("PORT", "1"));
            } catch (ConfigException e) {
                refused++;
                String message = String.valueOf(e.getMessage());
                assertThat(message).as(yaml).matches("horizon\\.yaml:[0-9]+: [^\\n]+");
                int line = Integer.parseInt(message.substring("horizon.yaml:".length(), message.indexOf(": ")));
                assertThat(line).as(yaml).isBetween(1, lines + 2);
            }
        }
        assertThat(refused).isGreaterThan(1_000);
    }
}
