package io.channels4j.layer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channel-layer contract of {@link ChannelLayer}, written once: every layer implementation
 * extends this class and supplies {@link #createLayer(LayerSettings)}.
 *
 * <p>The suite is implementation-neutral: it uses only the public API, fresh names with a random
 * suffix in every test (a layer may be shared with other tests or processes), never assumes the
 * layer is empty except through {@link LayerStats} deltas on a layer it just built, and moves a
 * {@link MutableClock} given through {@link LayerSettings.Builder#clock} instead of sleeping.
 * Absence of a message is shown without waiting: a marker is sent and must be the next message.
 */
public abstract class ChannelLayerContractTest {

    /** The bound on every wait for an asynchronous result. */
    protected static final Duration WAIT = Duration.ofSeconds(2);

    /** The channel-name rule, as the layer must quote it. */
    protected static final String CHANNEL_RULE = "^[a-zA-Z\\d\\-_.]+(![\\d\\w\\-_.]*)?$";

    /** The group-name rule, as the layer must quote it. */
    protected static final String GROUP_RULE = "^[a-zA-Z\\d\\-_.]+$";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong COUNTER = new AtomicLong();

    /** The clock every layer built by {@link #settings()} reads; tests move it forward. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    /** A fresh layer with the default settings and {@link #clock}, closed after each test. */
    protected ChannelLayer layer;

    private final List<ChannelLayer> opened = new ArrayList<>();

    /** Builds the layer under test; it is closed by the suite. */
    protected abstract ChannelLayer createLayer(LayerSettings settings);

    /** Parts of the contract that a fire-and-forget layer (Redis pub/sub) cannot have. */
    protected enum Part {
        /** {@code newChannel} names contain {@code !} and share their part before it per layer instance. */
        PROCESS_LOCAL_NAMES,
        /** {@code send} to a full channel fails; {@code groupSend} counts full members as skipped. */
        SEND_SIDE_CAPACITY,
        /** Messages expire after {@code expiry}; memberships lapse after {@code groupExpiry}. */
        EXPIRY,
        /** A message sent to a normal channel waits there for its first receive. */
        QUEUED_NORMAL_CHANNELS,
        /** A cancelled receive leaves the channel, and later messages, to the next receive. */
        CANCELLED_RECEIVE_KEEPS_THE_CHANNEL,
        /** {@code groupSend}'s result counts member channels. */
        MEMBER_COUNTS,
        /** {@code flush} empties queued messages: nothing sent before it is received after it. */
        FLUSHED_QUEUES,
        /** {@code releaseChannel} drops the messages queued for the channel and counts them as expired. */
        RELEASE_DROPS_QUEUED,
        /** {@code groupMembers} and {@code groupCount} see every process's members; {@code groupSend} can leave members out. */
        SHARED_MEMBERSHIP
    }

    /**
     * Why the layer under test does not have {@code part} (its tests are then skipped with that
     * reason); empty, the default, when it does.
     */
    protected Optional<String> without(Part part) {
        return Optional.empty();
    }

    private void requires(Part... parts) {
        for (Part part : parts) {
            without(part).ifPresent(Assumptions::abort);
        }
    }

    @BeforeEach
    void openDefaultLayer() {
        layer = open(settings());
    }

    @AfterEach
    void closeLayers() {
        opened.forEach(ChannelLayer::close);
    }

    // ---- helpers ----

    /** Settings builder with the test clock. */
    protected LayerSettings.Builder settings() {
        return LayerSettings.builder().clock(clock);
    }

    /** Builds a layer that is closed after the test. */
    protected ChannelLayer open(LayerSettings.Builder settings) {
        ChannelLayer created = createLayer(settings.build());
        opened.add(created);
        return created;
    }

    /** A name no other test uses: {@code base-<n>-<random hex>}. */
    protected static String unique(String base) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return base + "-" + COUNTER.incrementAndGet() + "-" + HexFormat.of().formatHex(b);
    }

    /** Waits, bounded, for the stage's value. */
    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), SECONDS);
    }

    /** A new process-local channel of {@code l}. */
    protected static String newChannel(ChannelLayer l) throws Exception {
        return await(l.newChannel("test"));
    }

    /** A new process-local channel of {@code l}, added to {@code group}. */
    protected static String newMember(ChannelLayer l, String group) throws Exception {
        String channel = newChannel(l);
        await(l.groupAdd(group, channel));
        return channel;
    }

    /**
     * {@code groupSend} of {@code message(1)} to {@code group} reaches one member, that is
     * {@code member}, once; nothing reaches the {@code notReached} channels.
     */
    private static void assertGroupSendReachesOnly(ChannelLayer l, String group, String member, String... notReached)
            throws Exception {
        assertThat(await(l.groupSend(group, message(1)))).isEqualTo(new GroupSendResult(1, 0));
        assertThat(await(l.receive(member))).isEqualTo(message(1));
        assertNothingQueued(l, member);
        for (String channel : notReached) {
            assertNothingQueued(l, channel);
        }
    }

    /** A layer whose memberships lapse after 100 s, a group of it, and a member that joined it now. */
    private record Joined(ChannelLayer layer, String group, String member) {
    }

    private Joined joinedGroupLapsingIn100Seconds(String name) throws Exception {
        ChannelLayer l = open(settings().groupExpiry(Duration.ofSeconds(100)));
        String group = unique(name);
        return new Joined(l, group, newMember(l, group));
    }

    /** A small message with a type and a sequence number. */
    protected static Map<String, Object> message(int seq) {
        return Map.of("type", "test.message", "seq", seq);
    }

    /** Shows that nothing is queued on {@code channel}: a fresh marker is the next message out. */
    protected static void assertNothingQueued(ChannelLayer l, String channel) throws Exception {
        Map<String, Object> marker = Map.of("type", "test.marker", "id", unique("marker"));
        await(l.send(channel, marker));
        assertThat(await(l.receive(channel))).as("next message on %s", channel).isEqualTo(marker);
    }

    /** Sends until the channel refuses; returns how many were accepted (at most 1000). */
    private static int fillUntilFull(ChannelLayer l, String channel) throws Exception {
        for (int i = 0; i < 1000; i++) {
            try {
                await(l.send(channel, message(i)));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ChannelFullException.class);
                return i;
            }
        }
        throw new AssertionError(channel + " accepted 1000 messages without becoming full");
    }

    private static Throwable failureOf(CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the stage to fail, but it completed normally");
    }

    /** The message's content with numbers as values, byte[] as hex and collections as lists. */
    protected static Object content(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, content(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(ChannelLayerContractTest::content).toList();
        }
        if (value instanceof byte[] bytes) {
            return new Bytes(HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        return value;
    }

    private record Bytes(String hex) {
    }

    // ---- newChannel ----

    @Test
    void newChannelGivesUniqueValidProcessLocalNames() throws Exception {
        requires(Part.PROCESS_LOCAL_NAMES);
        String prefix = unique("specific");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String name = await(layer.newChannel(prefix));
            assertThat(ChannelNames.requireValidChannel(name)).startsWith(prefix + ".");
            assertThat(ChannelNames.isProcessLocal(name)).as(name).isTrue();
            assertThat(name.chars().filter(c -> c == '!').count()).as(name).isEqualTo(1);
            names.add(name);
        }
        assertThat(names).hasSize(1000);
    }

    @Test
    void channelsOfOneLayerShareTheirNonLocalPartAndAnotherLayersDiffer() throws Exception {
        requires(Part.PROCESS_LOCAL_NAMES);
        ChannelLayer other = open(settings());
        String a = newChannel(layer);
        String b = newChannel(layer);
        String c = newChannel(other);
        assertThat(ChannelNames.nonLocalName(a)).isEqualTo(ChannelNames.nonLocalName(b))
                .isNotEqualTo(ChannelNames.nonLocalName(c));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has!bang", "has space", "a/b", "ünïcode", "trailing!"})
    void newChannelRejectsBadPrefixes(String prefix) {
        assertThatThrownBy(() -> layer.newChannel(prefix)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void newChannelRejectsAPrefixThatIsTooLong() {
        assertThatThrownBy(() -> layer.newChannel("p".repeat(100)))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("shorter than 100");
    }

    // ---- send and receive ----

    @Test
    void sendThenReceiveReturnsAnEqualMessage() throws Exception {
        String channel = newChannel(layer);
        Map<String, Object> sent = Map.of("type", "chat.message", "text", "hello", "room", "lobby");
        await(layer.send(channel, sent));
        assertThat(await(layer.receive(channel))).isEqualTo(sent);
    }

    @Test
    void aNormalChannelWithoutBangCarriesMessagesToo() throws Exception {
        requires(Part.QUEUED_NORMAL_CHANNELS);
        String channel = unique("worker.tasks");
        await(layer.send(channel, message(1)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
    }

    @Test
    void messagesComeOutInTheOrderTheyWereSent() throws Exception {
        String channel = newChannel(layer);
        for (int i = 0; i < 20; i++) {
            await(layer.send(channel, message(i)));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(await(layer.receive(channel))).isEqualTo(message(i));
        }
    }

    @Test
    void receiveWaitsForALaterSend() throws Exception {
        String channel = newChannel(layer);
        CompletableFuture<Map<String, Object>> receiving = layer.receive(channel).toCompletableFuture();
        assertThat(receiving).isNotDone();
        await(layer.send(channel, message(7)));
        assertThat(await(receiving)).isEqualTo(message(7));
    }

    @Test
    void aCancelledReceiveDoesNotSwallowALaterMessage() throws Exception {
        requires(Part.CANCELLED_RECEIVE_KEEPS_THE_CHANNEL);
        String channel = newChannel(layer);
        CompletableFuture<Map<String, Object>> abandoned = layer.receive(channel).toCompletableFuture();
        assertThat(abandoned.cancel(false)).isTrue();
        await(layer.send(channel, message(1)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
        assertThat(abandoned).isCancelled();
    }

    @Test
    void twoWaitingReceiversEachGetOneMessage() throws Exception {
        String channel = newChannel(layer);
        CompletableFuture<Map<String, Object>> first = layer.receive(channel).toCompletableFuture();
        CompletableFuture<Map<String, Object>> second = layer.receive(channel).toCompletableFuture();
        await(layer.send(channel, message(1)));
        await(layer.send(channel, message(2)));
        assertThat(List.of(await(first), await(second))).containsExactlyInAnyOrder(message(1), message(2));
    }

    // ---- message content ----

    /** The two ways a message reaches a channel: sent to it, or to a group it is the only member of. */
    enum Route {
        /** {@code send(channel, message)}. */
        SEND {
            @Override
            String addressOf(ChannelLayer l, String channel) {
                return channel;
            }

            @Override
            CompletionStage<Void> send(ChannelLayer l, String address, Map<String, ?> message) {
                return l.send(address, message);
            }
        },
        /** {@code groupSend(group, message)} to a new group whose only member is the channel. */
        GROUP_SEND {
            @Override
            String addressOf(ChannelLayer l, String channel) throws Exception {
                String group = unique("route");
                await(l.groupAdd(group, channel));
                return group;
            }

            @Override
            CompletionStage<GroupSendResult> send(ChannelLayer l, String address, Map<String, ?> message) {
                return l.groupSend(address, message);
            }
        };

        /** Where to send so that the message reaches {@code channel}. */
        abstract String addressOf(ChannelLayer l, String channel) throws Exception;

        /** Sends {@code message} to {@code address}. */
        abstract CompletionStage<?> send(ChannelLayer l, String address, Map<String, ?> message);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    void messagesAreCopiedWhenSent(Route route) throws Exception {
        String channel = newChannel(layer);
        String address = route.addressOf(layer, channel);
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        List<Object> items = new ArrayList<>(List.of("a"));
        byte[] bytes = {1, 2, 3};
        Map<String, Object> sent = new HashMap<>(Map.of("type", "t", "inner", inner, "items", items, "bytes", bytes));
        await(route.send(layer, address, sent));

        sent.put("type", "changed");
        sent.put("added", 1);
        inner.put("k", "changed");
        items.add("b");
        bytes[0] = 9;

        Map<String, Object> received = await(layer.receive(channel));
        assertThat(received).containsOnlyKeys("type", "inner", "items", "bytes").containsEntry("type", "t");
        assertThat(received.get("inner")).isEqualTo(Map.of("k", "v"));
        assertThat(received.get("items")).isEqualTo(List.of("a"));
        assertThat((byte[]) received.get("bytes")).containsExactly(1, 2, 3);
    }

    @Test
    void groupMembersDoNotSeeEachOthersChangesToBytes() throws Exception {
        String group = unique("bytes");
        String a = newMember(layer, group);
        String b = newMember(layer, group);
        await(layer.groupSend(group, Map.of("type", "t", "bytes", new byte[] {1, 2, 3})));

        byte[] seenByA = (byte[]) await(layer.receive(a)).get("bytes");
        seenByA[0] = 9;
        assertThat((byte[]) await(layer.receive(b)).get("bytes")).containsExactly(1, 2, 3);
    }

    @Test
    void theReceivedMessageIsReadOnly() throws Exception {
        String channel = newChannel(layer);
        await(layer.send(channel, Map.of("type", "t", "inner", Map.of("k", "v"), "items", List.of("a"))));
        Map<String, Object> received = await(layer.receive(channel));

        assertThatThrownBy(() -> received.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) received.get("inner");
        assertThatThrownBy(() -> inner.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) received.get("items");
        assertThatThrownBy(() -> items.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nestedValuesOfEveryKindRoundTrip() throws Exception {
        Map<String, Object> deep = new LinkedHashMap<>();
        deep.put("c", List.of(new byte[] {7}, Map.of("d", true)));
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("type", "test.rich");
        sent.put("text", "héllo wörld ✓ 日本語 😀 \u0000 \"quoted\"");
        sent.put("empty", "");
        sent.put("int", 42);
        sent.put("negative", -7);
        sent.put("long", 1L << 40);
        sent.put("double", 3.25);
        sent.put("true", true);
        sent.put("false", false);
        sent.put("nothing", null);
        sent.put("bytes", new byte[] {0, 1, -1, 127, -128});
        sent.put("noBytes", new byte[0]);
        sent.put("list", Arrays.asList(1, "two", null, List.of(3, 4), Map.of("k", "v")));
        sent.put("emptyList", List.of());
        sent.put("emptyMap", Map.of());
        sent.put("nested", Map.of("a", Map.of("b", deep)));

        String channel = newChannel(layer);
        await(layer.send(channel, sent));
        assertThat(content(await(layer.receive(channel)))).isEqualTo(content(sent));
    }

    /** Each route with each invalid message: what is wrong, the message, and the path the error names. */
    static Stream<Arguments> invalidMessages() {
        Map<Object, Object> intKey = new HashMap<>(Map.of(1, "x"));
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        Map<Object, Object> nestedIntKey = new HashMap<>(Map.of(42, "x"));
        List<Arguments> messages = List.of(
                Arguments.of("a non-string key", intKey, "message"),
                Arguments.of("a null key", nullKey, "message"),
                Arguments.of("a sorted map with integer keys", new TreeMap<>(Map.of(1, "x")), "message"),
                Arguments.of("a nested non-string key", Map.of("outer", nestedIntKey), "message.outer"),
                Arguments.of("an Object in a list", Map.of("items", List.of("a", new Object())), "message.items[1]"),
                Arguments.of("a Thread", Map.of("worker", Thread.currentThread()), "message.worker"),
                Arguments.of("a deep Optional", Map.of("a", Map.of("b", java.util.Optional.empty())), "message.a.b"),
                Arguments.of("the reserved key", Map.of("__asgi_channel__", "x", "type", "t"), "__asgi_channel__"));
        return Stream.of(Route.values()).flatMap(route -> messages.stream().map(m -> {
            Object[] what = m.get();
            return Arguments.of(route, what[0], what[1], what[2]);
        }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidMessages")
    void invalidContentIsRejectedNamingThePath(Route route, String what, Map<String, ?> bad, String path)
            throws Exception {
        String channel = newChannel(layer);
        String address = route.addressOf(layer, channel);
        assertThatThrownBy(() -> route.send(layer, address, bad))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining(path);
        assertNothingQueued(layer, channel);
    }

    @Test
    void aNullMessageIsRejected() throws Exception {
        String channel = newChannel(layer);
        assertThatThrownBy(() -> layer.send(channel, null)).isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> layer.groupSend(unique("g"), null)).isInstanceOf(InvalidMessageException.class);
    }

    // ---- capacity ----

    @Test
    void sendToAFullChannelFailsWithChannelFull() throws Exception {
        requires(Part.SEND_SIDE_CAPACITY);
        ChannelLayer small = open(settings().capacity(3));
        String channel = newChannel(small);
        long droppedBefore = small.stats().droppedFull();
        for (int i = 0; i < 3; i++) {
            await(small.send(channel, message(i)));
        }

        Throwable failure = failureOf(small.send(channel, message(3)));

        assertThat(failure).isInstanceOf(ChannelFullException.class).hasMessageContaining(channel);
        assertThat(((ChannelFullException) failure).channel()).isEqualTo(channel);
        assertThat(((ChannelFullException) failure).capacity()).isEqualTo(3);
        assertThat(small.stats().droppedFull() - droppedBefore).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(await(small.receive(channel))).isEqualTo(message(i));
        }
        assertNothingQueued(small, channel);
    }

    @Test
    void receivingFromAFullChannelMakesRoomAgain() throws Exception {
        requires(Part.SEND_SIDE_CAPACITY);
        ChannelLayer small = open(settings().capacity(1));
        String channel = newChannel(small);
        await(small.send(channel, message(1)));
        assertThat(failureOf(small.send(channel, message(2)))).isInstanceOf(ChannelFullException.class);
        await(small.receive(channel));
        await(small.send(channel, message(3)));
        assertThat(await(small.receive(channel))).isEqualTo(message(3));
    }

    @Test
    void channelCapacityPatternsOverrideTheDefaultAndTheFirstMatchWins() throws Exception {
        requires(Part.SEND_SIDE_CAPACITY);
        String prefix = unique("cap");
        ChannelLayer l = open(settings().capacity(5)
                .channelCapacity(prefix + ".narrow*", 1)
                .channelCapacity(prefix + ".*", 2));
        assertThat(fillUntilFull(l, await(l.newChannel(prefix + ".narrow")))).isEqualTo(1);
        assertThat(fillUntilFull(l, await(l.newChannel(prefix + ".wide")))).isEqualTo(2);
        assertThat(fillUntilFull(l, await(l.newChannel(unique("plain"))))).isEqualTo(5);
        assertThat(fillUntilFull(l, prefix + ".normal")).isEqualTo(2);
    }

    // ---- groups ----

    @Test
    void groupSendReachesEveryMember() throws Exception {
        requires(Part.MEMBER_COUNTS);
        String group = unique("room");
        List<String> members = List.of(newMember(layer, group), newMember(layer, group), newMember(layer, group));
        assertThat(await(layer.groupSend(group, message(1)))).isEqualTo(new GroupSendResult(3, 0));
        for (String member : members) {
            assertThat(await(layer.receive(member))).isEqualTo(message(1));
        }
    }

    @Test
    void groupMembersAndGroupCountListTheLiveMembers() throws Exception {
        requires(Part.SHARED_MEMBERSHIP);
        String group = unique("members");
        String first = newMember(layer, group);
        String second = newMember(layer, group);
        assertThat(await(layer.groupMembers(group))).containsExactlyInAnyOrder(first, second);
        assertThat(await(layer.groupCount(group))).isEqualTo(2);

        await(layer.groupDiscard(group, first));
        assertThat(await(layer.groupMembers(group))).containsExactly(second);
        assertThat(await(layer.groupCount(group))).isEqualTo(1);

        String nobody = unique("nobody");
        assertThat(await(layer.groupMembers(nobody))).isEmpty();
        assertThat(await(layer.groupCount(nobody))).isZero();
        assertThatThrownBy(() -> layer.groupMembers("bad group")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> layer.groupCount("bad group")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void groupMembersLeaveOutLapsedMemberships() throws Exception {
        requires(Part.SHARED_MEMBERSHIP, Part.EXPIRY);
        ChannelLayer l = open(settings().groupExpiry(Duration.ofSeconds(100)));
        String group = unique("lapsing");
        newMember(l, group);
        clock.advance(Duration.ofSeconds(101));
        String recent = newMember(l, group);

        assertThat(await(l.groupMembers(group))).containsExactly(recent);
        assertThat(await(l.groupCount(group))).isEqualTo(1);
    }

    @Test
    void groupSendLeavesTheExcludedChannelsOutAndCountsOnlyTheOthers() throws Exception {
        requires(Part.SHARED_MEMBERSHIP, Part.MEMBER_COUNTS);
        String group = unique("except");
        String sender = newMember(layer, group);
        String other = newMember(layer, group);
        String third = newMember(layer, group);

        assertThat(await(layer.groupSend(group, message(1), Set.of(sender)))).isEqualTo(new GroupSendResult(2, 0));
        assertThat(await(layer.groupSend(group, message(2), Set.of(sender, third)))).isEqualTo(new GroupSendResult(1, 0));
        await(layer.groupSend(group, message(3)));

        assertThat(await(layer.receive(other))).isEqualTo(message(1));
        assertThat(await(layer.receive(other))).isEqualTo(message(2));
        assertThat(await(layer.receive(third))).isEqualTo(message(1));
        assertThat(await(layer.receive(third))).as("left out of the second").isEqualTo(message(3));
        assertThat(await(layer.receive(sender))).as("left out of the first two").isEqualTo(message(3));
    }

    @Test
    void excludingChannelsThatAreNotMembersChangesNothing() throws Exception {
        requires(Part.SHARED_MEMBERSHIP, Part.MEMBER_COUNTS);
        String group = unique("except");
        String member = newMember(layer, group);
        assertThat(await(layer.groupSend(group, message(1), Set.of(newChannel(layer))))).isEqualTo(new GroupSendResult(1, 0));
        assertThat(await(layer.receive(member))).isEqualTo(message(1));
        assertThatThrownBy(() -> layer.groupSend(group, message(2), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Set.of()");
    }

    @Test
    void withoutSharedMembershipTheCallsSaySoAndNameTheLayerThatCan() {
        Assumptions.assumeTrue(without(Part.SHARED_MEMBERSHIP).isPresent(), "this layer shares its memberships");
        String group = unique("unshared");
        assertThatThrownBy(() -> layer.groupMembers(group)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("channels4j.layer=redis");
        assertThatThrownBy(() -> layer.groupCount(group)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("channels4j.layer=redis");
        assertThatThrownBy(() -> layer.groupSend(group, message(1), Set.of("x.y"))).isInstanceOf(
                UnsupportedOperationException.class).hasMessageContaining("channels4j.layer=redis");
    }

    @Test
    void addingAMemberTwiceDeliversOnce() throws Exception {
        String group = unique("room");
        String channel = newMember(layer, group);
        await(layer.groupAdd(group, channel));
        assertGroupSendReachesOnly(layer, group, channel);
    }

    @Test
    void aChannelInTwoGroupsReceivesFromBoth() throws Exception {
        String red = unique("red");
        String blue = unique("blue");
        String channel = newMember(layer, red);
        await(layer.groupAdd(blue, channel));
        await(layer.groupSend(red, message(1)));
        await(layer.groupSend(blue, message(2)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
        assertThat(await(layer.receive(channel))).isEqualTo(message(2));
    }

    @Test
    void groupDiscardRemovesTheMember() throws Exception {
        String group = unique("room");
        String stays = newMember(layer, group);
        String leaves = newMember(layer, group);
        await(layer.groupDiscard(group, leaves));

        assertGroupSendReachesOnly(layer, group, stays, leaves);
    }

    @Test
    void discardingAnAbsentMemberIsNotAnError() throws Exception {
        String group = unique("room");
        String member = newMember(layer, group);

        assertThatCode(() -> await(layer.groupDiscard(unique("unknown"), member))).doesNotThrowAnyException();
        assertThatCode(() -> await(layer.groupDiscard(group, newChannel(layer)))).doesNotThrowAnyException();
        assertThat(await(layer.groupSend(group, message(1)))).isEqualTo(new GroupSendResult(1, 0));
    }

    @Test
    void groupSendToAnEmptyOrUnknownGroupReturnsZero() throws Exception {
        assertThat(await(layer.groupSend(unique("unknown"), message(1)))).isEqualTo(new GroupSendResult(0, 0));
        String group = unique("emptied");
        String channel = newMember(layer, group);
        await(layer.groupDiscard(group, channel));
        assertThat(await(layer.groupSend(group, message(1)))).isEqualTo(GroupSendResult.EMPTY);
    }

    @Test
    void groupSendSkipsFullChannelsAndCountsThem() throws Exception {
        requires(Part.SEND_SIDE_CAPACITY);
        ChannelLayer small = open(settings().capacity(1));
        String group = unique("room");
        String full = newMember(small, group);
        String free = newMember(small, group);
        await(small.send(full, message(0)));
        long droppedBefore = small.stats().droppedFull();

        assertThat(await(small.groupSend(group, message(1)))).isEqualTo(new GroupSendResult(1, 1));

        assertThat(small.stats().droppedFull() - droppedBefore).isEqualTo(1);
        assertThat(await(small.receive(full))).isEqualTo(message(0));
        assertThat(await(small.receive(free))).isEqualTo(message(1));
        assertNothingQueued(small, full);
    }

    @Test
    void groupSendKeepsEachSendersOrder() throws Exception {
        String group = unique("ordered");
        String a = newMember(layer, group);
        String b = newMember(layer, group);
        for (int i = 0; i < 50; i++) {
            await(layer.groupSend(group, message(i)));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(await(layer.receive(a))).isEqualTo(message(i));
            assertThat(await(layer.receive(b))).isEqualTo(message(i));
        }
    }

    // ---- expiry ----

    @Test
    void aMessageOlderThanExpiryIsDroppedAndCounted() throws Exception {
        requires(Part.EXPIRY);
        ChannelLayer l = open(settings().expiry(Duration.ofSeconds(60)));
        String channel = newChannel(l);
        long expiredBefore = l.stats().expired();
        await(l.send(channel, message(1)));

        clock.advance(Duration.ofSeconds(61));

        assertNothingQueued(l, channel);
        assertThat(l.stats().expired() - expiredBefore).isEqualTo(1);
    }

    @Test
    void aMessageYoungerThanExpiryIsDelivered() throws Exception {
        ChannelLayer l = open(settings().expiry(Duration.ofSeconds(60)));
        String channel = newChannel(l);
        long expiredBefore = l.stats().expired();
        await(l.send(channel, message(1)));

        clock.advance(Duration.ofSeconds(59));

        assertThat(await(l.receive(channel))).isEqualTo(message(1));
        assertThat(l.stats().expired() - expiredBefore).isZero();
    }

    @Test
    void expiryDropsOnlyTheOldMessages() throws Exception {
        requires(Part.EXPIRY);
        ChannelLayer l = open(settings().expiry(Duration.ofSeconds(60)));
        String channel = newChannel(l);
        await(l.send(channel, message(1)));
        clock.advance(Duration.ofSeconds(30));
        await(l.send(channel, message(2)));
        clock.advance(Duration.ofSeconds(31));

        assertThat(await(l.receive(channel))).isEqualTo(message(2));
    }

    @Test
    void aMembershipOlderThanGroupExpiryNoLongerReceives() throws Exception {
        requires(Part.EXPIRY);
        Joined old = joinedGroupLapsingIn100Seconds("lapsing");
        clock.advance(Duration.ofSeconds(101));
        String recent = newMember(old.layer(), old.group());

        assertGroupSendReachesOnly(old.layer(), old.group(), recent, old.member());
    }

    @Test
    void aMembershipYoungerThanGroupExpiryStillReceives() throws Exception {
        Joined young = joinedGroupLapsingIn100Seconds("young");
        clock.advance(Duration.ofSeconds(99));

        assertGroupSendReachesOnly(young.layer(), young.group(), young.member());
    }

    @Test
    void refreshingAChannelsMembershipsKeepsItInItsGroupsPastTheGroupExpiry() throws Exception {
        requires(Part.EXPIRY);
        ChannelLayer l = open(settings().groupExpiry(Duration.ofSeconds(100)));
        assertThat(l.groupExpiry()).contains(Duration.ofSeconds(100));
        String red = unique("red");
        String blue = unique("blue");
        String kept = newMember(l, red);
        await(l.groupAdd(blue, kept));
        String lapsing = newMember(l, red);
        clock.advance(Duration.ofSeconds(60));
        await(l.refreshMemberships(kept));
        clock.advance(Duration.ofSeconds(60));

        assertGroupSendReachesOnly(l, red, kept);
        assertGroupSendReachesOnly(l, blue, kept);
        assertNothingQueued(l, lapsing);
        assertThatThrownBy(() -> l.refreshMemberships("bad channel")).isInstanceOf(InvalidNameException.class);
        assertThatCode(() -> await(l.refreshMemberships(newChannel(l)))).as("a channel in no group")
                .doesNotThrowAnyException();
    }

    @Test
    void addingAMemberAgainRefreshesItsMembership() throws Exception {
        Joined refreshed = joinedGroupLapsingIn100Seconds("refreshed");
        clock.advance(Duration.ofSeconds(60));
        await(refreshed.layer().groupAdd(refreshed.group(), refreshed.member()));
        clock.advance(Duration.ofSeconds(60));

        assertGroupSendReachesOnly(refreshed.layer(), refreshed.group(), refreshed.member());
    }

    // ---- names ----

    private static final Map<String, BiFunction<ChannelLayer, String, Object>> CHANNEL_OPERATIONS = Map.of(
            "send", (l, name) -> l.send(name, message(1)),
            "receive", ChannelLayer::receive,
            "groupAdd", (l, name) -> l.groupAdd("valid-group", name),
            "groupDiscard", (l, name) -> l.groupDiscard("valid-group", name),
            "releaseChannel", ChannelLayer::releaseChannel);

    private static final Map<String, BiFunction<ChannelLayer, String, Object>> GROUP_OPERATIONS = Map.of(
            "groupAdd", (l, name) -> l.groupAdd(name, "valid-channel"),
            "groupDiscard", (l, name) -> l.groupDiscard(name, "valid-channel"),
            "groupSend", (l, name) -> l.groupSend(name, message(1)));

    /** Each operation with each name, shown as {@code <what> <name>}, and the rule the name breaks. */
    private static Stream<Arguments> crossed(Map<String, BiFunction<ChannelLayer, String, Object>> operations,
            String what, Function<String, String> ruleOf, String... names) {
        List<Arguments> out = new ArrayList<>();
        operations.forEach((opName, op) -> {
            for (String name : names) {
                String shown = name == null ? "null" : name.length() > 20 ? name.length() + " chars" : "'" + name + "'";
                out.add(Arguments.of(Named.of(opName, op), Named.of(what + " " + shown, name), ruleOf.apply(name)));
            }
        });
        return out.stream();
    }

    private static String ruleBroken(String name, String regexRule) {
        if (name == null) {
            return "must not be null";
        }
        return name.length() >= 100 ? "shorter than 100" : regexRule;
    }

    static Stream<Arguments> badChannelNames() {
        return crossed(CHANNEL_OPERATIONS, "channel", name -> ruleBroken(name, CHANNEL_RULE),
                null, "", "c".repeat(100), "c".repeat(250), "has space", "a/b", "ünïcode", "日本",
                "two!bangs!", "!leading", "tab\there", "line\n", "colon:x", "bang!ü");
    }

    static Stream<Arguments> badGroupNames() {
        return crossed(GROUP_OPERATIONS, "group", name -> ruleBroken(name, GROUP_RULE),
                null, "", "g".repeat(100), "has space", "a/b", "ünïcode", "has!bang", "line\n");
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource({"badChannelNames", "badGroupNames"})
    void invalidChannelAndGroupNamesAreRejectedQuotingTheRule(BiFunction<ChannelLayer, String, Object> operation,
            String name, String rule) {
        assertThatThrownBy(() -> operation.apply(layer, name))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining(rule);
    }

    @Test
    void namesOfNinetyNineCharactersAreAccepted() throws Exception {
        String channel = unique("c").concat("c".repeat(99)).substring(0, 99);
        String group = unique("g").concat("g".repeat(99)).substring(0, 99);
        await(layer.groupAdd(group, channel));
        await(layer.groupSend(group, message(1)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
    }

    // ---- flush and close ----

    @Test
    void flushEmptiesGroupsAndQueuedMessages() throws Exception {
        String group = unique("flushed");
        String member = newMember(layer, group);
        String queued = newChannel(layer);
        await(layer.send(queued, message(1)));

        await(layer.flush());

        assertThat(await(layer.groupSend(group, message(2)))).isEqualTo(GroupSendResult.EMPTY);
        requires(Part.FLUSHED_QUEUES);
        assertNothingQueued(layer, queued);
        assertNothingQueued(layer, member);
    }

    @Test
    void aReceiverWaitingDuringFlushGetsALaterMessage() throws Exception {
        String channel = newChannel(layer);
        CompletableFuture<Map<String, Object>> waiting = layer.receive(channel).toCompletableFuture();

        await(layer.flush());

        assertThat(waiting).isNotDone();
        await(layer.send(channel, message(1)));
        assertThat(await(waiting)).isEqualTo(message(1));
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("newChannel",
                        l -> l.newChannel("test"))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("send",
                        l -> l.send("closed-channel", message(1)))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("receive",
                        l -> l.receive("closed-channel"))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("groupAdd",
                        l -> l.groupAdd("closed-group", "closed-channel"))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("groupDiscard",
                        l -> l.groupDiscard("closed-group", "closed-channel"))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("groupSend",
                        l -> l.groupSend("closed-group", message(1)))),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("flush",
                        ChannelLayer::flush)),
                Arguments.of(Named.<Function<ChannelLayer, CompletionStage<?>>>of("releaseChannel",
                        l -> l.releaseChannel("closed-channel"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void callsAfterCloseFailWithChannelLayerException(Function<ChannelLayer, CompletionStage<?>> call)
            throws Exception {
        ChannelLayer closed = open(settings());
        closed.close();
        CompletionStage<?> stage;
        try {
            stage = call.apply(closed);
        } catch (ChannelLayerException thrownAtOnce) {
            return;
        }
        assertThat(failureOf(stage)).isInstanceOf(ChannelLayerException.class);
    }

    @Test
    void closingTwiceIsHarmless() {
        ChannelLayer l = open(settings());
        l.close();
        assertThatCode(l::close).doesNotThrowAnyException();
    }

    // ---- releasing a channel ----

    @Test
    void aReleasedChannelHasLeftEveryGroupItJoinedAndTheOthersStay() throws Exception {
        String red = unique("red");
        String blue = unique("blue");
        String released = newChannel(layer);
        String stays = newChannel(layer);
        for (String group : List.of(red, blue)) {
            await(layer.groupAdd(group, released));
            await(layer.groupAdd(group, stays));
        }

        await(layer.releaseChannel(released));

        GroupSendResult toRed = await(layer.groupSend(red, message(1)));
        await(layer.groupSend(blue, message(2)));
        assertThat(await(layer.receive(stays))).isEqualTo(message(1));
        assertThat(await(layer.receive(stays))).isEqualTo(message(2));
        assertNothingQueued(layer, released);
        requires(Part.MEMBER_COUNTS);
        assertThat(toRed).isEqualTo(new GroupSendResult(1, 0));
    }

    @Test
    void releasingAChannelDropsWhatWaitsInItAndCountsItAsExpired() throws Exception {
        requires(Part.RELEASE_DROPS_QUEUED);
        String channel = newChannel(layer);
        await(layer.send(channel, message(1)));
        await(layer.send(channel, message(2)));
        long expiredBefore = layer.stats().expired();

        await(layer.releaseChannel(channel));

        assertThat(layer.stats().expired() - expiredBefore).isEqualTo(2);
        assertNothingQueued(layer, channel);
    }

    @Test
    void releasingAChannelThatHoldsNothingOrReleasingTwiceIsHarmless() throws Exception {
        String group = unique("room");
        String channel = newChannel(layer);
        assertThatCode(() -> await(layer.releaseChannel(newChannel(layer)))).doesNotThrowAnyException();
        await(layer.groupAdd(group, channel));
        await(layer.releaseChannel(channel));
        assertThatCode(() -> await(layer.releaseChannel(channel))).doesNotThrowAnyException();
        assertThat(await(layer.groupSend(group, message(1)))).isEqualTo(GroupSendResult.EMPTY);
    }

    @Test
    void aReleasedChannelMayJoinAgain() throws Exception {
        String group = unique("room");
        String channel = newChannel(layer);
        await(layer.groupAdd(group, channel));
        await(layer.releaseChannel(channel));
        await(layer.groupAdd(group, channel));

        await(layer.groupSend(group, message(1)));
        assertThat(await(layer.receive(channel))).isEqualTo(message(1));
    }
}
