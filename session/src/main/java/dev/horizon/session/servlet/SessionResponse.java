package dev.horizon.session.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the session must be saved, and its cookie set, before the first byte of the response leaves.
 * The container commits on flush, close, sendError, sendRedirect and when its buffer fills; this wrapper runs the
 * commit hook just before each of those (for the buffer, when the bytes written reach the buffer size). The writer is
 * built on the wrapped stream so both paths are counted once.
 */
final class SessionResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private @Nullable CountingStream stream;
    private @Nullable PrintWriter writer;

    SessionResponse(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit.run();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit.run();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit.run();
        super.sendRedirect(location);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit.run();
        if (writer != null) {
            writer.flush();
        }
        super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was already called");
        }
        return stream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was already called");
            }
            writer = new PrintWriter(new OutputStreamWriter(stream(), Charset.forName(getCharacterEncoding())), false);
        }
        return writer;
    }

    /** Flushes a writer the application left unflushed (the container would otherwise lose its buffered text). */
    void finish() {
        if (writer != null) {
            writer.flush();
        }
    }

    private CountingStream stream() throws IOException {
        if (stream == null) {
            stream = new CountingStream(super.getOutputStream(), Math.max(1, getBufferSize()), beforeCommit);
        }
        return stream;
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final int bufferSize;
        private final Runnable beforeCommit;
        private long written;

        CountingStream(ServletOutputStream out, int bufferSize, Runnable beforeCommit) {
            this.out = out;
            this.bufferSize = bufferSize;
            this.beforeCommit = beforeCommit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit.run();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit.run();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }

        private void count(int len) {
            written += len;
            if (written >= bufferSize) {
                beforeCommit.run();
            }
        }
    }
}
