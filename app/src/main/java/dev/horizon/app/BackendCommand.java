package dev.horizon.app;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code horizon backend --port N --name X}: a tiny HTTP backend for trying the gateway out (the example
 * configuration points at three of them) and for load tests: every path answers {@code {"backend":"X","path":...}},
 * {@code /health} answers 200.
 */
@Command(name = "backend", description = "Run a tiny HTTP backend that names itself (for examples and load tests).")
final class BackendCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "port to listen on (127.0.0.1)")
    int port;

    @Option(names = "--name", description = "name in every answer (default: backend-PORT)", defaultValue = "")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String me = name.isEmpty() ? "backend-" + port : name;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            var channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                            new SimpleChannelInboundHandler<FullHttpRequest>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                    String body = "{\"backend\":" + AdminServer.quote(me) + ",\"path\":"
                                        + AdminServer.quote(req.uri()) + "}\n";
                                    var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                                    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                        .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
                                    boolean keepAlive = HttpUtil.isKeepAlive(req);
                                    HttpUtil.setKeepAlive(r, keepAlive);
                                    var f = ctx.writeAndFlush(r);
                                    if (!keepAlive) {
                                        f.addListener(ChannelFutureListener.CLOSE);
                                    }
                                }
                            });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            spec.commandLine().getOut().println("horizon backend " + me + " on 127.0.0.1:" + port);
            channel.closeFuture().sync();
            return 0;
        } finally {
            group.shutdownGracefully();
        }
    }
}
