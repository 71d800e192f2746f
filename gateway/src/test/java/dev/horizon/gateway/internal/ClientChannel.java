package dev.horizon.gateway.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An in-memory client connection as the proxy sees a TCP one: a peer address, and two sides that shut down apart
 * ({@link DuplexChannel}), so a lingering close and a half-close can be watched.
 */
final class ClientChannel extends EmbeddedChannel implements DuplexChannel {

    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 40_000);

    private boolean inputShutdown;
    private boolean outputShutdown;

    ClientChannel(Ticker ticker, ChannelHandler... handlers) {
        super(EmbeddedChannel.builder().ticker(ticker).handlers(handlers));
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return PEER;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        inputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        outputShutdown = true;
        return promise.setSuccess();
    }

    @Override
    public boolean isShutdown() {
        return inputShutdown && outputShutdown;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        inputShutdown = true;
        outputShutdown = true;
        return promise.setSuccess();
    }
}
