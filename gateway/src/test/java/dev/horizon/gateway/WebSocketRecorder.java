package dev.horizon.gateway;

import java.net.http.WebSocket;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/** A {@link WebSocket.Listener} for the tests: collects whole text messages, the close code and its reason. */
public final class WebSocketRecorder implements WebSocket.Listener {

    /** Whole text messages, in order. */
    public final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** The close code received; completed exceptionally on an error instead. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The reason of the Close frame received. */
    public volatile String reason = "";
    /** The socket, once connected (set by the test). */
    public volatile @Nullable WebSocket socket;
    private final StringBuilder text = new StringBuilder();

    /** The connected socket. */
    public WebSocket ws() {
        return Objects.requireNonNull(socket, "not connected");
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            texts.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String why) {
        reason = why;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }
}
