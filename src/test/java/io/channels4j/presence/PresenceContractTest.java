package io.channels4j.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InvalidMessageException;
import io.channels4j.layer.InvalidNameException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Presence} on a layer that keeps presence, written once: tracking and
 * listing, the {@code presence.diff} each change sends to the group, replacement, release, flush,
 * and the checks on what is tracked. Each layer's test supplies {@link #createLayer()}; layers
 * whose instances share presence (Redis) also run the cross-node tests.
 */
public abstract class PresenceContractTest {

    private final List<ChannelLayer> opened = new ArrayList<>();
    /** A fresh layer, closed after each test. */
    protected ChannelLayer layer;
    /** Presence on {@link #layer}. */
    protected Presence presence;
    /** A group no other test uses. */
    protected final String room = "room-" + UUID.randomUUID().toString().substring(0, 8);

    /** A new instance of the layer under test (a node); closed by the suite. */
    protected abstract ChannelLayer createLayer();

    /** Whether two instances from {@link #createLayer()} share their presence, as nodes of one cluster. */
    protected abstract boolean instancesShare();

    @BeforeEach
    void openLayer() {
        layer = open();
        presence = new Presence(layer);
    }

    @AfterEach
    void closeLayers() {
        opened.forEach(ChannelLayer::close);
    }

    /** A new layer instance closed after the test. */
    protected ChannelLayer open() {
        ChannelLayer created = createLayer();
        opened.add(created);
        return created;
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A new channel of {@code on}, a member of the room. */
    protected String member(ChannelLayer on) throws Exception {
        String channel = await(on.newChannel("specific"));
        await(on.groupAdd(room, channel));
        return channel;
    }

    protected static String channel(ChannelLayer on) throws Exception {
        return await(on.newChannel("specific"));
    }

    /** The next message of {@code channel}. */
    protected static Map<String, Object> next(ChannelLayer on, String channel) throws Exception {
        return await(on.receive(channel));
    }

    /** Fails unless the next message of {@code channel} is a marker sent now: nothing else came before it. */
    protected static void nothingBefore(ChannelLayer on, String channel) throws Exception {
        await(on.send(channel, Map.of("type", "marker")));
        assertThat(next(on, channel)).isEqualTo(Map.of("type", "marker"));
    }

    protected static Map<String, Object> diff(Map<String, ?> joins, Map<String, ?> leaves) {
        return Map.of("type", "presence.diff", "joins", joins, "leaves", leaves);
    }

    @Test
    void listGivesEachKeyTheMetadataOfEachOfItsConnectionsKeysInOrder() throws Exception {
        String tab1 = channel(layer);
        String tab2 = channel(layer);
        String bob = channel(layer);
        await(presence.track(room, bob, "bob", Map.of("tab", 1)));
        await(presence.track(room, tab1, "ada", Map.of("tab", 1)));
        await(presence.track(room, tab2, "ada", Map.of("tab", 2)));

        Map<String, List<Map<String, Object>>> listed = await(presence.list(room));

        assertThat(listed.keySet()).containsExactly("ada", "bob");
        assertThat(listed.get("ada")).containsExactlyInAnyOrder(Map.of("tab", 1), Map.of("tab", 2));
        assertThat(listed.get("bob")).containsExactly(Map.of("tab", 1));
        assertThat(await(presence.list("empty-" + room))).isEmpty();
    }

    @Test
    void eachTrackAndUntrackSendsTheGroupItsDiff() throws Exception {
        String listener = member(layer);
        String ada = channel(layer);

        await(presence.track(room, ada, "ada", Map.of("status", "here")));
        assertThat(next(layer, listener)).isEqualTo(diff(Map.of("ada", List.of(Map.of("status", "here"))), Map.of()));

        assertThat(await(presence.untrack(room, ada))).isTrue();
        assertThat(next(layer, listener)).isEqualTo(diff(Map.of(), Map.of("ada", List.of(Map.of("status", "here")))));
        assertThat(await(presence.list(room))).isEmpty();

        assertThat(await(presence.untrack(room, ada))).as("untracking again").isFalse();
        nothingBefore(layer, listener);
    }

    @Test
    void trackingAgainReplacesTheEntryAndTheDiffSaysBoth() throws Exception {
        String listener = member(layer);
        String ada = channel(layer);
        await(presence.track(room, ada, "ada", Map.of("status", "away")));
        next(layer, listener);

        await(presence.track(room, ada, "ada", Map.of("status", "here")));

        assertThat(next(layer, listener)).isEqualTo(diff(Map.of("ada", List.of(Map.of("status", "here"))),
                Map.of("ada", List.of(Map.of("status", "away")))));
        assertThat(await(presence.list(room))).isEqualTo(Map.of("ada", List.of(Map.of("status", "here"))));
    }

    @Test
    void aReleasedChannelLeavesEveryGroupItWasTrackedInWithLeavesAndTheOthersStay() throws Exception {
        String listener = member(layer);
        String otherRoom = "other-" + room;
        String otherListener = channel(layer);
        await(layer.groupAdd(otherRoom, otherListener));
        String ada = channel(layer);
        String bob = channel(layer);
        await(presence.track(room, ada, "ada", Map.of()));
        await(presence.track(otherRoom, ada, "ada", Map.of("in", "other")));
        await(presence.track(room, bob, "bob", Map.of()));
        next(layer, listener);
        next(layer, listener);
        next(layer, otherListener);

        await(layer.releaseChannel(ada));

        assertThat(next(layer, listener)).isEqualTo(diff(Map.of(), Map.of("ada", List.of(Map.of()))));
        assertThat(next(layer, otherListener)).isEqualTo(diff(Map.of(), Map.of("ada", List.of(Map.of("in", "other")))));
        assertThat(await(presence.list(room))).isEqualTo(Map.of("bob", List.of(Map.of())));
        assertThat(await(presence.list(otherRoom))).isEmpty();
    }

    @Test
    void metadataKeepsItsValuesAndIsReadOnly() throws Exception {
        Map<String, Object> meta = new HashMap<>();
        meta.put("name", "Ada Lovelace");
        meta.put("since", 1_700_000_000_000L);
        meta.put("tags", List.of("admin", "ops"));
        meta.put("nested", Map.of("ok", true));
        await(presence.track(room, channel(layer), "ada", meta));
        meta.put("name", "changed after tracking");

        Map<String, Object> listed = await(presence.list(room)).get("ada").get(0);

        assertThat(listed).containsEntry("name", "Ada Lovelace").containsEntry("tags", List.of("admin", "ops"))
                .containsEntry("nested", Map.of("ok", true));
        assertThat(((Number) listed.get("since")).longValue()).isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> listed.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void badArgumentsAreRefusedSayingWhatToFix() throws Exception {
        String ada = channel(layer);
        assertThatThrownBy(() -> presence.track(room, ada, " ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> presence.track(room, ada, "a".repeat(201), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200 characters");
        Map<String, Object> wide = new HashMap<>();
        IntStream.range(0, 33).forEach(i -> wide.put("k" + i, i));
        assertThatThrownBy(() -> presence.track(room, ada, "ada", wide))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 32 entries");
        assertThatThrownBy(() -> presence.track(room, ada, "ada", Map.of("when", new Object())))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("when");
        assertThatThrownBy(() -> presence.track("bad group", ada, "ada", Map.of()))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> presence.track(room, ada, "ada", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("Map.of()");
        assertThat(await(presence.list(room))).as("nothing was tracked").isEmpty();
    }

    @Test
    void flushForgetsEveryEntry() throws Exception {
        await(presence.track(room, channel(layer), "ada", Map.of()));
        await(layer.flush());
        assertThat(await(presence.list(room))).isEmpty();
    }

    @Test
    void anotherNodeSeesTheEntriesAndItsMembersGetTheDiffs() throws Exception {
        Assumptions.assumeTrue(instancesShare(), "the instances of this layer share nothing");
        ChannelLayer nodeB = open();
        Presence presenceB = new Presence(nodeB);
        String listenerB = member(nodeB);
        String ada = channel(layer);

        await(presence.track(room, ada, "ada", Map.of("node", "A")));

        assertThat(await(presenceB.list(room))).isEqualTo(Map.of("ada", List.of(Map.of("node", "A"))));
        assertThat(next(nodeB, listenerB)).isEqualTo(diff(Map.of("ada", List.of(Map.of("node", "A"))), Map.of()));
        await(layer.releaseChannel(ada));
        assertThat(next(nodeB, listenerB)).isEqualTo(diff(Map.of(), Map.of("ada", List.of(Map.of("node", "A")))));
        assertThat(await(presenceB.list(room))).isEmpty();
    }
}
