package io.channels4j.embedded;

import java.io.IOException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Answers 400 (and closes the connection) to every HTTP request whose path breaks
 * {@link RequestPaths}' rule, before Grizzly's handlers decode it: they would answer 500, and a
 * static handler must never see a path that could leave its content root. It sits after Tyrus's
 * filter, so WebSocket handshakes to endpoints are Tyrus's business; everything else passes here.
 */
final class PathGuard extends BaseFilter {

    /** An add-on that puts a guard right before Grizzly's HTTP server filter; register it after Tyrus's. */
    static AddOn addOn() {
        return (listener, builder) -> {
            int httpServer = builder.indexOfType(HttpServerFilter.class);
            if (httpServer >= 0) {
                builder.add(httpServer, new PathGuard());
            }
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        if (!(message instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!(header instanceof HttpRequestPacket request) || RequestPaths.acceptable(request.getRequestURI())) {
            return ctx.getInvokeAction();
        }
        HttpResponsePacket response = request.getResponse();
        if (response.isCommitted()) {
            return ctx.getStopAction();   // a later part of a request already refused
        }
        response.setStatus(400);
        response.setReasonPhrase("Bad Request");
        response.setContentLength(0);
        request.getProcessingState().setKeepAlive(false);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(response).content(Buffers.EMPTY_BUFFER).last(true).build(),
                new EmptyCompletionHandler<>() {
                    @Override
                    public void completed(WriteResult result) {
                        connection.closeSilently();
                    }

                    @Override
                    public void failed(Throwable error) {
                        connection.closeSilently();
                    }
                });
        return ctx.getStopAction();
    }
}
