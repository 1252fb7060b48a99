package io.channels4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.Messages;
import io.channels4j.layer.InvalidMessageException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    /**
     * The MessagePack of {@link #nestedMessage()} with {@code __asgi_channel__:
     * ["specific.abc!def"]} appended, as channels_redis 4.0 packs it. Produced once with Debian's
     * python3-msgpack 1.0.3:
     * {@code msgpack.packb({...same entries in the same order...}, use_bin_type=True).hex()}.
     */
    private static final String PYTHON_PACKED = "8ca474797065ac636861742e6d657373616765a474657874aa68c3a96c6c6f20e29c93"
            + "a16e07a36e6567d0dfa3626967cf0000010000000000a27069cb400a000000000000a26f6bc3a46e6f6e65c0a3726177c4"
            + "030001ffa46c6973749401a374776f910381a16ba176a66e657374656481a16181a16293c2cd012cd2fffeee90b05f5f61"
            + "7367695f6368616e6e656c5f5f91b073706563696669632e61626321646566";

    private final MessageCodec codec = new MessageCodec(null);

    private static Map<String, Object> nestedMessage() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "chat.message");
        m.put("text", "héllo ✓");
        m.put("n", 7);
        m.put("neg", -33);
        m.put("big", 1L << 40);
        m.put("pi", 3.25);
        m.put("ok", true);
        m.put("none", null);
        m.put("raw", new byte[] {0, 1, (byte) 0xff});
        m.put("list", Arrays.asList(1, "two", List.of(3), Map.of("k", "v")));
        m.put("nested", Map.of("a", Map.of("b", List.of(false, 300, -70000))));
        return m;
    }

    /** A message nested {@code depth} lists deep under its "deep" key. */
    private static Map<String, Object> nestedLists(int depth) {
        Object value = List.of();
        for (int i = 1; i < depth; i++) {
            value = List.of(value);
        }
        return Map.of("type", "t", "deep", value);
    }

    @Test
    void everyMessageASendAcceptsDecodesAndADeeperOneFromAPeerIsRefused() {
        Map<String, Object> deepest = nestedLists(Messages.MAX_DEPTH);
        byte[] packed = MessageCodec.plain(codec.pack(Messages.copy(deepest)));
        assertThat(MessageCodec.decodePlain(packed)).isEqualTo(deepest);

        assertThatThrownBy(() -> Messages.copy(nestedLists(Messages.MAX_DEPTH + 1)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("nested deeper than 64 levels");
        // What a peer could write: {"deep": [[[...]]]} 100,000 lists deep (0x91: a list of one item).
        byte[] peers = HexFormat.of().parseHex("81a46465657091".repeat(1) + "91".repeat(99_999) + "90");
        assertThatThrownBy(() -> MessageCodec.decodePlain(peers))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nested deeper than 64 levels");
    }

    @Test
    void aHeaderDeclaringMoreThanThePayloadHoldsIsRefusedBeforeAnythingIsAllocated() {
        // {"k": <header>} where each header declares 2,147,483,647 of something in a 9-byte payload
        for (String header : List.of("dd7fffffff", "df7fffffff", "db7fffffff", "c67fffffff")) {
            byte[] payload = HexFormat.of().parseHex("81a16b" + header + "00");
            assertThatThrownBy(() -> MessageCodec.decodePlain(payload)).as(header)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but only 1 bytes follow");
        }
        assertThatThrownBy(() -> MessageCodec.decodePlain(HexFormat.of().parseHex("df7fffffff")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but only 0 bytes follow");
        assertThatThrownBy(() -> MessageCodec.decodePlain(HexFormat.of().parseHex("81a16bddffffffff00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNestedMessageIsPackedByteForByteAsChannelsRedisPacksIt() {
        byte[] id = MessageCodec.newId();
        byte[] member = codec.member(id, codec.pack(Messages.copy(nestedMessage())), List.of("specific.abc!def"), 0);

        assertThat(Arrays.copyOf(member, 12)).isEqualTo(id);
        assertThat(HexFormat.of().formatHex(member, 12, member.length)).isEqualTo(PYTHON_PACKED);
    }

    @Test
    void pythonsBytesDecodeIntoTheMessageAndItsRoutingList() {
        byte[] member = HexFormat.of().parseHex("000000000000000000000000" + PYTHON_PACKED);

        MessageCodec.Decoded decoded = codec.decode(member, 0, 70);

        assertThat(decoded.targets()).containsExactly("specific.abc!def");
        assertThat(decoded.message()).doesNotContainKey("__asgi_channel__").containsKeys("type", "raw", "nested");
        assertThat(decoded.message().get("text")).isEqualTo("héllo ✓");
        assertThat(decoded.message().get("n")).isEqualTo(7);
        assertThat(decoded.message().get("big")).isEqualTo(1L << 40);
        assertThat(decoded.message().get("pi")).isEqualTo(3.25);
        assertThat((byte[]) decoded.message().get("raw")).containsExactly(0, 1, 0xff);
        assertThat(decoded.message().get("nested")).isEqualTo(Map.of("a", Map.of("b", List.of(false, 300, -70000))));
        assertThatThrownBy(() -> decoded.message().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDirectSendNamesItsChannelAsAStringAndAGroupSendAsAList() {
        MessageCodec.Packed packed = codec.pack(Messages.copy(Map.of("type", "t")));
        MessageCodec.Decoded direct = codec.decode(codec.member(MessageCodec.newId(), packed, "a.b!c", 0), 0, 70);
        MessageCodec.Decoded group = codec.decode(codec.member(MessageCodec.newId(), packed, List.of("a.b!c", "a.b!d"), 0), 0, 70);

        assertThat(direct.channels()).isEqualTo("a.b!c");
        assertThat(group.channels()).isEqualTo(List.of("a.b!c", "a.b!d"));
        assertThat(group.targets()).containsExactly("a.b!c", "a.b!d");
    }

    @Test
    void bigDecimalsTravelAsIntegersWhenWholeAndAsFloatsOtherwise() {
        Map<String, Object> sent = Map.of("whole", new BigDecimal("42.000"), "fraction", new BigDecimal("2.5"),
                "huge", new BigInteger("18446744073709551615"));
        MessageCodec.Decoded decoded = codec.decode(
                codec.member(MessageCodec.newId(), codec.pack(Messages.copy(sent)), null, 0), 0, 70);

        assertThat(decoded.message().get("whole")).isEqualTo(42);
        assertThat(decoded.message().get("fraction")).isEqualTo(2.5);
        assertThat(decoded.message().get("huge")).isEqualTo(new BigInteger("18446744073709551615"));
    }

    @Test
    void anIntegerBeyondSixtyFourBitsIsRejectedNamingItsPath() {
        Map<String, Object> tooBig = Map.of("deep", Map.of("n", BigInteger.ONE.shiftLeft(64)));
        assertThatThrownBy(() -> codec.pack(Messages.copy(tooBig)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("message.deep.n");
    }

    @Test
    void aMemberThatIsNotMessagePackIsRefusedSayingWhy() {
        byte[] junk = HexFormat.of().parseHex("000000000000000000000000c1");
        assertThatThrownBy(() -> codec.decode(junk, 0, 70)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode(new byte[12], 0, 70)).hasMessageContaining("holds no message");
        byte[] list = HexFormat.of().parseHex("00000000000000000000000091a178");
        assertThatThrownBy(() -> codec.decode(list, 0, 70)).hasMessageContaining("not a map");
    }

    @Test
    void encryptedMembersRoundTripAndNeedAMatchingKey() {
        MessageCodec secret = new MessageCodec(Fernet.fromPassphrases(List.of("k1")));
        byte[] member = secret.member(MessageCodec.newId(), secret.pack(Messages.copy(Map.of("type", "t"))), "a.b!c", 1000);

        assertThat(secret.decode(member, 1000, 70).message()).isEqualTo(Map.of("type", "t"));
        assertThatThrownBy(() -> new MessageCodec(Fernet.fromPassphrases(List.of("k2"))).decode(member, 1000, 70))
                .hasMessageContaining("cannot decrypt");
        assertThatThrownBy(() -> codec.decode(member, 1000, 70)).isInstanceOf(IllegalArgumentException.class);
    }
}
