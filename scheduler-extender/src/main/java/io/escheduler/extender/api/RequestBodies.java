package io.escheduler.extender.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request's body into one byte array: sized from {@code Content-Length} (kube-scheduler always sends it), or
 * grown by doubling for a chunked body. Each network chunk is copied once, straight into the array; going through
 * Quarkus REST's {@code byte[]} reader instead copied a 5000-node body four times (chunks, a stream, its chunk list,
 * the result) and was half of a request's garbage.
 *
 * <p>A body over {@code limit} bytes is answered 413 at once; what the client still sends of it is read and dropped
 * (closing the connection instead would reset it under the client, which then loses the answer), and the connection
 * stays usable.
 */
final class RequestBodies {

    private static final Logger LOG = Logger.getLogger(RequestBodies.class);

    private RequestBodies() {
    }

    /**
     * Calls {@code then} on the event loop with the whole body (an empty array for none), or answers an error itself.
     * A connection that closes before the body ended gets nothing (logged at debug).
     *
     * @param limit the largest body accepted, at most {@link Integer#MAX_VALUE} - 8 (an array's)
     */
    static void read(RoutingContext ctx, long limit, Consumer<byte[]> then) {
        HttpServerRequest request = ctx.request();
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            Responses.refuse(ctx, 400, "Content-Length is not a number: " + header);
            return;
        }
        Collector collector = new Collector(declared > limit ? 0 : declared, limit);
        if (declared > limit) {
            refuseTooLarge(ctx, declared + " bytes", limit);
            collector.over = true;
        }
        request.handler(chunk -> {
            if (!collector.add(chunk) && !ctx.response().ended()) {
                refuseTooLarge(ctx, "more than " + limit + " bytes", limit);
            }
        });
        request.exceptionHandler(e -> LOG.debugf("%s %s: the request body could not be read: %s", request.method(), request.path(), e));
        request.endHandler(ignored -> {
            if (ctx.response().ended()) {
                return;
            }
            then.accept(collector.bytes());
        });
        request.resume();
    }

    private static void refuseTooLarge(RoutingContext ctx, String size, long limit) {
        Responses.refuse(ctx, 413, "request body of " + size + " exceeds the limit of " + limit
                + " bytes (quarkus.http.limits.max-body-size)");
    }

    /** The body's bytes as they arrive; stops keeping them once over the limit. */
    private static final class Collector {

        private final long limit;
        private byte[] bytes;
        private int size;
        private boolean over;

        Collector(long declared, long limit) {
            this.limit = limit;
            this.bytes = new byte[declared >= 0 ? (int) declared : 8192];
        }

        /** Appends {@code chunk}; false once the body is over the limit (or longer than declared). */
        boolean add(Buffer chunk) {
            if (over) {
                return true; // refused already: the rest is drained
            }
            int length = chunk.length();
            if ((long) size + length > limit) {
                over = true;
                bytes = null;
                return false;
            }
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) bytes.length * 2, (long) size + length)));
            }
            chunk.getBytes(0, length, bytes, size);
            size += length;
            return true;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
