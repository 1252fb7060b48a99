package io.channels4j.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The generator's default client: Netty (epoll where available), a few event-loop threads. */
final class NettyClient implements Client {

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    NettyClient(int threads) {
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(threads);
            channelType = EpollSocketChannel.class;
        } else {
            group = new NioEventLoopGroup(threads);
            channelType = NioSocketChannel.class;
        }
    }

    @Override
    public boolean bindsSource() {
        return true;
    }

    @Override
    public CompletableFuture<Conn> connect(URI uri, InetSocketAddress local, Listener listener) {
        CompletableFuture<Conn> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).version(WebSocketVersion.V13).customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(30_000).dropPongFrames(true)
                .handleCloseFrames(false).absoluteUpgradeUrl(false).build();
        Bootstrap b = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), new Handler(listener, opened));
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        (local == null ? b.connect(remote) : b.connect(remote, local)).addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The pipeline's last handler: reports the handshake, text frames and the close of its connection. */
    private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Listener listener;
        private final CompletableFuture<Conn> opened;
        private final Conn conn = new NettyConn();
        private Channel channel;
        private boolean closeReported;

        Handler(Listener listener, CompletableFuture<Conn> opened) {
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                opened.complete(conn);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new java.util.concurrent.TimeoutException("handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                listener.onText(conn, frame.content().toString(StandardCharsets.UTF_8));
            } else if (frame instanceof CloseWebSocketFrame close) {
                report(close.statusCode());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            opened.completeExceptionally(new java.io.IOException("connection closed during the handshake"));
            report(1006);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }

        private void report(int code) {
            if (!closeReported && opened.isDone() && !opened.isCompletedExceptionally()) {
                closeReported = true;
                listener.onClose(conn, code);
            }
        }

        /** The connection as the scenarios see it: writes go to the handler's channel. */
        private final class NettyConn extends Conn {
            /**
             * Always through the event loop's task queue, even on the loop itself: frames then
             * leave in the order of the calls, whichever threads made them (a direct write from the
             * loop could overtake a frame another thread queued a moment before).
             */
            @Override
            void send(String text) {
                TextWebSocketFrame frame = new TextWebSocketFrame(text);
                channel.eventLoop().execute(() -> channel.writeAndFlush(frame, channel.voidPromise()));
            }

            @Override
            void close() {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
            }
        }
    }
}
