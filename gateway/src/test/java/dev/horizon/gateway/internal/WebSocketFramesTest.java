package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketFrames}: every payload-length form (7-bit, 16-bit, 64-bit), masked and not, followed through
 * random splits, says "between frames" exactly at the frame boundaries; and the Close frame it writes.
 */
class WebSocketFramesTest {

    private static final int[] LENGTHS = {0, 5, 125, 126, 300, 65_535, 65_536, 70_000};

    @Test
    void knowsTheFrameBoundariesWhateverTheSplits() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        TreeSet<Integer> boundaries = new TreeSet<>(List.of(0));
        Random random = new Random(16);
        for (int length : LENGTHS) {
            for (boolean masked : new boolean[] {false, true}) {
                byte[] frame = frame(length, masked, random);
                stream.writeBytes(frame);
                boundaries.add(stream.size());
            }
        }
        byte[] all = stream.toByteArray();
        for (int round = 0; round < 50; round++) {
            WebSocketFrames frames = new WebSocketFrames();
            List<Integer> cuts = cuts(all.length, random, round % 2 == 0 ? 7 : 4_000);
            int from = 0;
            for (int to : cuts) {
                ByteBuf piece = Unpooled.wrappedBuffer(all, from, to - from);
                frames.follow(piece);
                assertThat(piece.readerIndex()).isZero();
                assertThat(frames.betweenFrames()).as("after byte %d", to).isEqualTo(boundaries.contains(to));
                from = to;
            }
        }
    }

    @Test
    void seesAClosePassBeginAndWholeThroughAnySplit() {
        byte[] data = frame(300, true, new Random(3));
        ByteBuf closeFrame = WebSocketFrames.close(ByteBufAllocator.DEFAULT, 1000, "bye", true);
        byte[] close = new byte[closeFrame.readableBytes()];
        closeFrame.readBytes(close).release();
        byte[] all = new byte[data.length + close.length];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(close, 0, all, data.length, close.length);
        for (int cut = 1; cut < all.length; cut++) {
            WebSocketFrames frames = new WebSocketFrames();
            frames.follow(Unpooled.wrappedBuffer(all, 0, cut));
            // the Close's header is 2 bytes plus a 4-byte mask: begun after it, whole after its 5-byte payload
            assertThat(frames.closeBegun()).as("after %d bytes", cut).isEqualTo(cut >= data.length + 6);
            assertThat(frames.closeWhole()).as("after %d bytes", cut).isFalse();
            frames.follow(Unpooled.wrappedBuffer(all, cut, all.length - cut));
            assertThat(frames.closeBegun()).isTrue();
            assertThat(frames.closeWhole()).as("split at %d", cut).isTrue();
        }
        WebSocketFrames dataOnly = new WebSocketFrames();
        dataOnly.follow(Unpooled.wrappedBuffer(data));
        assertThat(dataOnly.closeBegun()).as("a binary frame is no Close").isFalse();
    }

    @Test
    void writesACloseFrameWithItsStatusAndReason() {
        ByteBuf plain = WebSocketFrames.close(ByteBufAllocator.DEFAULT, 1001, "idle timeout", false);
        byte[] bytes = new byte[plain.readableBytes()];
        plain.readBytes(bytes).release();
        assertThat(bytes).startsWith(0x88, 14, 0x03, 0xE9);
        assertThat(new String(bytes, 4, 12, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("idle timeout");

        ByteBuf masked = WebSocketFrames.close(ByteBufAllocator.DEFAULT, 1001, "x", true);
        byte[] m = new byte[masked.readableBytes()];
        masked.readBytes(m).release();
        assertThat(m).hasSize(2 + 4 + 3);
        assertThat(m[1] & 0xFF).isEqualTo(0x80 | 3);
        assertThat(new byte[] {(byte) (m[6] ^ m[2]), (byte) (m[7] ^ m[3]), (byte) (m[8] ^ m[4])})
            .containsExactly(0x03, 0xE9, 'x');
    }

    private static byte[] frame(int length, boolean masked, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(mask | length);
        } else if (length < 65_536) {
            out.write(mask | 126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
        if (masked) {
            out.writeBytes(new byte[] {1, 2, 3, 4});
        }
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Increasing cut points ending at {@code total}, gaps of 1..{@code maxGap} bytes. */
    private static List<Integer> cuts(int total, Random random, int maxGap) {
        List<Integer> cuts = new ArrayList<>();
        for (int at = 0; at < total; ) {
            at = Math.min(total, at + 1 + random.nextInt(maxGap));
            cuts.add(at);
        }
        return cuts;
    }
}
