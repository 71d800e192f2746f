package dev.horizon.gateway.internal.tcp;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollIoOps;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Keeps an epoll channel in its event loop's epoll set for as long as it is open, working around Netty 4.2.18.
 *
 * <p>Implementation notes. Since netty/netty#16689, a channel whose interest set becomes empty is removed from the
 * epoll set ({@code EPOLL_CTL_DEL}), but its registration stays marked as added, so the next interest (the
 * {@code EPOLLOUT} of a write the socket could not take at once) is an {@code EPOLL_CTL_MOD} that fails with
 * {@code ENOENT}; Netty then shuts the channel's output and the bytes still queued are lost. An L4 connection hits it
 * whenever a peer half-closes (no {@code EPOLLIN}, no {@code EPOLLRDHUP} left) and then receives more than its socket
 * buffer takes: {@code TcpSpliceTest} lost megabytes that way under load. Adding {@code EPOLLERR} to the interest set
 * keeps it from ever being empty; epoll(7) reports {@code EPOLLERR} whether asked or not, so nothing else changes.
 * {@code setFlag} is protected, hence reflection; where it is not reachable this does nothing.
 */
final class EpollInterest {

    private static final @Nullable Method SET_FLAG = setFlag();

    private EpollInterest() {
    }

    private static @Nullable Method setFlag() {
        try {
            // AbstractEpollStreamChannel's package-private superclass declares it
            Class<?> base = AbstractEpollStreamChannel.class.getSuperclass();
            Method m = base.getDeclaredMethod("setFlag", int.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Call on {@code ch}'s event loop once it is connected. */
    static void keep(Channel ch) {
        Method m = SET_FLAG;
        if (m == null || !(ch instanceof AbstractEpollStreamChannel)) {
            return;
        }
        try {
            m.invoke(ch, EpollIoOps.EPOLLERR.value());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the channel closed meanwhile, or the method changed: nothing to keep
        }
    }
}
