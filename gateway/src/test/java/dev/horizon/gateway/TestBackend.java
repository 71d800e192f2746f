package dev.horizon.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on a loopback port for end-to-end tests: answers every request with what its handler
 * decides and records what it received.
 */
final class TestBackend implements AutoCloseable {

    /** What the backend does with one request. */
    record Reply(int status, Map<String, String> headers, String body, boolean closeWithoutAnswer, long delayMillis) {

        static Reply ok(String body) {
            return new Reply(200, Map.of(), body, false, 0);
        }

        static Reply status(int status, String body) {
            return new Reply(status, Map.of(), body, false, 0);
        }

        static Reply hangUp() {
            return new Reply(0, Map.of(), "", true, 0);
        }

        Reply withHeader(String name, String value) {
            HashMap<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, closeWithoutAnswer, delayMillis);
        }

        Reply delayed(long millis) {
            return new Reply(status, headers, body, closeWithoutAnswer, millis);
        }

        /** This reply, sent only when the test calls {@link TestBackend#releaseHeld()}. */
        Reply held() {
            return new Reply(status, headers, body, closeWithoutAnswer, HELD);
        }
    }


    /** The {@code delayMillis} of a reply held until {@link #releaseHeld()}. */
    private static final long HELD = -1;

    /** A request as the backend saw it. */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? "" : String.join(",", values);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private volatile Function<Seen, Reply> handler;

    TestBackend(String name) {
        this(seen -> Reply.ok(name));
    }

    TestBackend(Function<Seen, Reply> handler) {
        this.handler = handler;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                respond(ctx, req);
                            }
                        });
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        req.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(h.getValue()));
        Seen s = new Seen(req.method().name(), req.uri(), headers, req.content().toString(StandardCharsets.UTF_8));
        seen.add(s);
        Reply reply = handler.apply(s);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        Runnable send = () -> {
            if (reply.closeWithoutAnswer()) {
                ctx.close();
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8));
            reply.headers().forEach((k, v) -> response.headers().set(k, v));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (!keepAlive) {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        };
        if (reply.delayMillis() == HELD) {
            held.add(() -> ctx.executor().execute(send));
        } else if (reply.delayMillis() > 0) {
            ctx.executor().schedule(send, reply.delayMillis(), TimeUnit.MILLISECONDS);
        } else {
            send.run();
        }
    }

    /** Sends every held reply; returns how many there were. */
    int releaseHeld() {
        List<Runnable> now = List.copyOf(held);
        held.removeAll(now);
        now.forEach(Runnable::run);
        return now.size();
    }

    /** Replies held now. */
    int heldCount() {
        return held.size();
    }

    void handler(Function<Seen, Reply> next) {
        this.handler = next;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    List<Seen> seen() {
        return seen;
    }

    /** Connections open to this backend now. */
    int openConnections() {
        return connections.size();
    }

    /** Dies like a killed process: stops listening and resets every open connection. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Channel c : connections) {
            try {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException e) {
                // it closed meanwhile (CI saw the gateway close a pooled connection during this loop): nothing to reset
            }
        }
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
