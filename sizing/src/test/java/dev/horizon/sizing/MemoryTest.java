package dev.horizon.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryTest {

    @Test
    void readsBinaryDecimalAndPlainQuantities() {
        assertThat(Memory.parse("512Mi").bytes()).isEqualTo(512L << 20);
        assertThat(Memory.parse("1Gi").bytes()).isEqualTo(1L << 30);
        assertThat(Memory.parse("1.5Gi").bytes()).isEqualTo(1536L << 20);
        assertThat(Memory.parse("500M").bytes()).isEqualTo(500_000_000L);
        assertThat(Memory.parse("8388608").bytes()).isEqualTo(8L << 20);
        assertThat(Memory.parse("4096Ki").bytes()).isEqualTo(4L << 20);
    }

    @Test
    void printsTheLargestBinaryUnitThatDividesItAndReadsBack() {
        assertThat(Memory.parse("1536Mi")).hasToString("1536Mi");
        assertThat(Memory.parse("1.5Gi")).hasToString("1536Mi");
        assertThat(Memory.parse("2048Mi")).hasToString("2Gi");
        assertThat(Memory.parse("500M")).hasToString("500000000");
        assertThat(Memory.parse(Memory.parse("500M").toString())).isEqualTo(Memory.parse("500M"));
    }

    @Test
    void refusesTinyFractionalAndMalformedAmounts() {
        assertThatThrownBy(() -> Memory.parse("1Mi")).hasMessage("1048576 bytes (expected: at least 4Mi)");
        assertThatThrownBy(() -> Memory.parse("1.0000001Ki")).hasMessageContaining("a whole number of bytes");
        assertThatThrownBy(() -> Memory.parse("512MB")).hasMessage(Memory.EXPECTED);
        assertThatThrownBy(() -> Memory.parse("lots")).hasMessage(Memory.EXPECTED);
    }

    @Test
    void roundsMeasuredAmountsForPeople() {
        assertThat(Memory.rounded(312L << 20)).isEqualTo("312Mi");
        assertThat(Memory.rounded((long) (1.25 * (1L << 30)))).isEqualTo("1.3Gi");
        assertThat(Memory.gibibytes(1).times(1.15)).isEqualTo(Memory.mebibytes(1178));
    }
}
