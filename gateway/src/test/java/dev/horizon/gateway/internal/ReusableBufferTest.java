package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class ReusableBufferTest {

    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
    private final ReusableBuffer reusable = new ReusableBuffer();

    @Test
    void reusesTheBufferOnceItsWriteReleasedItAndHandsItOutEmpty() {
        ByteBuf first = reusable.take(alloc, 100);
        first.writeLong(42);
        first.release(); // the write is done

        ByteBuf second = reusable.take(alloc, 100);

        assertThat(second).isSameAs(first);
        assertThat(second.readableBytes()).isZero();
        assertThat(second.refCnt()).isEqualTo(2);
        second.release();
        reusable.release();
        assertThat(first.refCnt()).isZero();
    }

    @Test
    void takesAFreshBufferWhileTheLastOneIsStillWaitingToBeSentAndLeavesTheOldOneToItsWrite() {
        ByteBuf pending = reusable.take(alloc, 100);

        ByteBuf next = reusable.take(alloc, 100);

        assertThat(next).isNotSameAs(pending);
        assertThat(pending.refCnt()).isEqualTo(1);
        pending.release(); // the write finally completes
        assertThat(pending.refCnt()).isZero();
        next.release();
        reusable.release();
        assertThat(next.refCnt()).isZero();
    }

    @Test
    void replacesABufferTooSmallForTheRequestOrGrownBeyondWhatIsKept() {
        ByteBuf small = reusable.take(alloc, 100);
        small.release();
        ByteBuf larger = reusable.take(alloc, 4096);
        assertThat(larger).isNotSameAs(small);
        assertThat(small.refCnt()).isZero();
        larger.writeZero(20_000); // grows past 16 KiB
        larger.release();

        ByteBuf after = reusable.take(alloc, 100);

        assertThat(after).isNotSameAs(larger);
        assertThat(larger.refCnt()).isZero();
        after.release();
        reusable.release();
    }
}
