/**
 * The HTTP/1.1 byte toolkit both of the gateway's parsers share: the request decoder (client side) and the response
 * decoder (backend side). One set of character tables ({@link dev.horizon.gateway.internal.http1.Chars}), one
 * classification of the field names the gateway acts on, hop-by-hop ones included
 * ({@link dev.horizon.gateway.internal.http1.FieldName}), one field-line grammar
 * ({@link dev.horizon.gateway.internal.http1.FieldLine}), one message-length decision after RFC 9112 §6.3
 * ({@link dev.horizon.gateway.internal.http1.Framing}, fed by
 * {@link dev.horizon.gateway.internal.http1.FramingFields}), and one decoder of the chunked transfer coding
 * ({@link dev.horizon.gateway.internal.http1.ChunkedBody}, reading lines with
 * {@link dev.horizon.gateway.internal.http1.LineReader}).
 *
 * <p>Everything here works on bytes in arrays or in one {@link io.netty.buffer.ByteBuf}, on the connection's event
 * loop, allocates nothing per message, and makes no virtual calls inside a byte loop. Not an API: public only so the
 * parent package can use it.
 */
@NullMarked
package dev.horizon.gateway.internal.http1;

import org.jspecify.annotations.NullMarked;
