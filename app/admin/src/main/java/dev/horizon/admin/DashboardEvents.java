package dev.horizon.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /admin/events}: the dashboard's live feed as server-sent events. A new subscriber gets one
 * {@code history} event (the last 15 minutes, {@link DashboardJson#history()}); then every subscriber gets a
 * {@code state} event every second ({@link DashboardJson#state()}), built once for all of them. A subscriber that
 * cannot keep up (its socket buffer is full) misses events until it can; one that goes away is forgotten.
 *
 * <p>Implementation notes: the event stream format of the HTML Living Standard, §9.2 ("Server-sent events"): lines
 * {@code event: NAME} and {@code data: JSON}, an empty line ending each event; {@code retry: 2000} asks the browser's
 * {@code EventSource} to reconnect after two seconds when the connection drops, and a reconnect gets the history
 * again. The response is chunked and never ends, so the admin listener's request deadline, which runs from the end
 * of one response to the next request, never applies to it.
 */
final class DashboardEvents implements AutoCloseable {

    /** The path of the feed. */
    static final String PATH = "/admin/events";
    /**
     * The most pages subscribed at once: each new one costs a history of up to 15 minutes built on the admin's one
     * event loop, which also serves the mutating calls, so a page reloading in a loop (or many tabs) must not starve
     * them. Over it the feed answers 503 and the browser's {@code EventSource} tries again later.
     */
    static final int MAX_SUBSCRIBERS = 16;

    private final ChannelGroup subscribers;
    private final Supplier<DashboardJson> documents;
    private final ScheduledFuture<?> ticker;

    DashboardEvents(EventLoopGroup group, Supplier<DashboardJson> documents) {
        this.subscribers = new DefaultChannelGroup("horizon-dashboard", group.next());
        this.documents = documents;
        this.ticker = group.next().scheduleAtFixedRate(this::publish, 1, 1, TimeUnit.SECONDS);
    }

    /** Answers {@code GET /admin/events} on {@code ctx}'s connection: the head, the history, then every state. */
    void subscribe(ChannelHandlerContext ctx) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            ctx.writeAndFlush(AdminResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many dashboard pages "
                + "subscribed (" + MAX_SUBSCRIBERS + "); close one and reload"))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
            .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
            .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setTransferEncodingChunked(head, true);
        Channel channel = ctx.channel();
        channel.write(head);
        channel.writeAndFlush(new DefaultHttpContent(event("history", documents.get().history(), true)));
        subscribers.add(channel);
    }

    private void publish() {
        if (subscribers.isEmpty()) {
            return;
        }
        String state;
        try {
            state = documents.get().state();
        } catch (RuntimeException e) {
            state = AdminJson.error("the dashboard's state could not be read: " + e.getMessage());
        }
        subscribers.writeAndFlush(new DefaultHttpContent(event("state", state, false)), Channel::isWritable);
    }

    private static ByteBuf event(String name, String json, boolean first) {
        String data = json.strip().replace("\n", "\ndata: ");
        return Unpooled.copiedBuffer((first ? "retry: 2000\n" : "") + "event: " + name + "\ndata: " + data + "\n\n",
            StandardCharsets.UTF_8);
    }

    /** How many pages are subscribed now. */
    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void close() {
        ticker.cancel(false);
        subscribers.close();
    }
}
