package dev.horizon.gateway.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Consumer;

/** The server side of the gateway's plain HTTP and L4 listeners, set up one way. */
public final class ServerChannels {

    private ServerChannels() {
    }

    /**
     * A bootstrap on {@code group} with a deep accept backlog (4096), address reuse, no Nagle, and half-closure
     * allowed: a client's FIN ends only what it sends, what it sent before is still answered (HTTP) or relayed (L4).
     * {@code init} sets up each accepted connection.
     */
    public static ServerBootstrap halfClosing(EventLoopGroup group, Class<? extends ServerChannel> serverClass,
        Consumer<SocketChannel> init) {
        return new ServerBootstrap()
            .group(group)
            .channel(serverClass)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    init.accept(ch);
                }
            });
    }
}
