package dev.horizon.gateway.internal;

/**
 * Size limits of one HTTP/1.1 request head and of chunked-body framing, enforced by {@link StrictRequestDecoder}
 * before anything is buffered past them. Lengths are in bytes and never include a line terminator.
 *
 * @param maxRequestLineBytes   longest request line; over it the request is rejected with 414 when the
 *                              request-target is what makes the line long, else 400; >= 256
 * @param maxHeaderBytes        most bytes in all field lines of the header section together, and separately of the
 *                              trailer section of a chunked body; over it 431; >= 1024
 * @param maxHeaderCount        most field lines in the header section, and separately in the trailer section; over
 *                              it 431; >= 1
 * @param maxChunkSizeLineBytes longest chunk-size line, chunk extensions included; over it 400; >= 64
 */
public record RequestLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount,
                            int maxChunkSizeLineBytes) {

    /** 8 KiB request line, 32 KiB and 100 header fields, 4 KiB chunk-size line. */
    public static final RequestLimits DEFAULTS = new RequestLimits(8192, 32768, 100, 4096);

    /** Validates every component; a message names the setting, the bad value and what was expected. */
    public RequestLimits {
        requireAtLeast("max-request-line-bytes", maxRequestLineBytes, 256);
        requireAtLeast("max-header-bytes", maxHeaderBytes, 1024);
        requireAtLeast("max-header-count", maxHeaderCount, 1);
        requireAtLeast("max-chunk-size-line-bytes", maxChunkSizeLineBytes, 64);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
    }
}
