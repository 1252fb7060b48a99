package io.channels4j.embedded;

import io.channels4j.internal.ConsumerRuntime;
import io.channels4j.internal.EndpointLimits;
import io.channels4j.internal.FrameSizeScanner;
import io.channels4j.internal.MessageLimit;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Refuses, as it arrives, a WebSocket message larger than its endpoint's {@link MessageLimit}:
 * it sits right before Tyrus's filter and follows each WebSocket connection's frames with a
 * {@link FrameSizeScanner}. Tyrus alone would buffer a whole frame up to its incoming buffer's
 * size and then close with 1011; with the guard its parser never sees the refused frame, only a
 * close frame with 1009 and the limit's reason in its place, so the consumer's {@code disconnect}
 * and the client both get 1009. Bytes after it are dropped, unread by anyone.
 */
final class FrameGuard extends BaseFilter {

    private static final String TYRUS_FILTER = "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter";

    private final Attribute<FrameSizeScanner> scanners =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("channels4j.frame-size-scanner");
    private final EndpointLimits limits;
    private final ConsumerRuntime runtime;

    private FrameGuard(EndpointLimits limits, ConsumerRuntime runtime) {
        this.limits = limits;
        this.runtime = runtime;
    }

    /** An add-on that puts a guard right before Tyrus's filter; register it after Tyrus's add-on. */
    static AddOn addOn(EndpointLimits limits, ConsumerRuntime runtime) {
        return (listener, builder) -> {
            int tyrus;
            try {
                tyrus = builder.indexOfType(Class.forName(TYRUS_FILTER, false, FrameGuard.class.getClassLoader())
                        .asSubclass(org.glassfish.grizzly.filterchain.Filter.class));
            } catch (ClassNotFoundException | ClassCastException e) {
                tyrus = -1;
            }
            if (tyrus < 0) {
                throw new IllegalStateException("Tyrus's Grizzly filter is not in the filter chain: channels4j's"
                        + " embedded server needs tyrus-container-grizzly-server 2.1.x, and the frame guard"
                        + " registered after its add-on");
            }
            builder.add(tyrus, new FrameGuard(limits, runtime));
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!(header instanceof HttpRequestPacket request) || !"websocket".equalsIgnoreCase(header.getUpgrade())) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        FrameSizeScanner scanner = scanners.get(connection);
        if (scanner == null) {
            MessageLimit limit = limits.forPath(request.getRequestURI());
            scanner = new FrameSizeScanner(limit);
            scanners.set(connection, scanner);
        }
        Buffer buffer = content.getContent();
        if (!buffer.hasRemaining()) {
            return ctx.getInvokeAction();
        }
        boolean refusedBefore = scanner.refused();
        ByteBuffer read = buffer.toByteBuffer();
        ByteBuffer passed = scanner.scan(read);
        if (passed == read) {
            return ctx.getInvokeAction();
        }
        if (!refusedBefore && scanner.refused()) {
            runtime.refusedTooBig("WebSocket connection from " + connection.getPeerAddress() + " to "
                    + request.getRequestURI(), limits.forPath(request.getRequestURI()));
        }
        if (!passed.hasRemaining()) {
            content.recycle();
            return ctx.getStopAction();
        }
        Buffer replaced = Buffers.wrap(connection.getMemoryManager(), passed);
        ctx.setMessage(HttpContent.builder(header).content(replaced).last(content.isLast()).build());
        return ctx.getInvokeAction();
    }
}
