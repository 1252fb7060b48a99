package io.channels4j.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChannelNames#group(String, String)}: any name to a valid group name, as docs/channel-layers.md tells. */
class ChannelNamesGroupTest {

    @ParameterizedTest
    @CsvSource({"lobby, chat_lobby", "A-b_c.9, chat_A-b_c.9", "uebb0a9, chat_uebb0a9", ".uebb0a9, chat_.uebb0a9",
        "_, chat__", "h0123, chat_h0123"})
    void aNameOfGroupNameCharactersKeepsTheTutorialsNaming(String name, String group) {
        assertThat(ChannelNames.group("chat", name)).isEqualTo(group);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"방|chat.uebb0a9", "서울|chat.uec849cec9ab8", "café|chat.u636166c3a9",
        "room 1|chat.u726f6f6d2031", "🎉|chat.uf09f8e89", "a/b|chat.u612f62", "' x '|chat.u207820"})
    void anyOtherNameIsTheHexOfItsUtf8Bytes(String name, String group) {
        assertThat(ChannelNames.group("chat", name)).isEqualTo(group);
    }

    @Test
    void aNameWhoseHexFormWouldBeTooLongIsHashed() {
        String fits = "서".repeat(15);                 // 45 bytes: "chat.u" + 90 hex = 96 characters
        String tooLong = "서".repeat(16);              // 48 bytes: 102 characters would be too many
        assertThat(ChannelNames.group("chat", fits)).isEqualTo("chat.u" + hex(utf8(fits)));
        assertThat(ChannelNames.group("chat", tooLong)).isEqualTo("chat.h" + hex(sha256(utf8(tooLong))).substring(0, 32));
        assertThat(ChannelNames.group("chat", "!".repeat(46))).hasSize(98).startsWith("chat.u2121");
        assertThat(ChannelNames.group("chat", "!".repeat(47))).isEqualTo("chat.h" + hex(sha256(utf8("!".repeat(47))))
                .substring(0, 32));
    }

    @Test
    void anAsciiNameWhosePlainFormWouldBeTooLongIsHashed() {
        String fits = "r".repeat(94);                  // "chat_" + 94 = 99 characters
        String tooLong = "r".repeat(95);
        assertThat(ChannelNames.group("chat", fits)).isEqualTo("chat_" + fits);
        assertThat(ChannelNames.group("chat", tooLong)).isEqualTo("chat.h" + hex(sha256(utf8(tooLong))).substring(0, 32));
    }

    @Test
    void namesUpTo256Utf8BytesAreMappedAndLongerOnesRefused() {
        String longest = "가".repeat(85) + "a";        // 256 bytes
        assertThat(ChannelNames.group("chat", longest)).startsWith("chat.h").hasSize(38);
        assertThatThrownBy(() -> ChannelNames.group("chat", longest + "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name is 257 UTF-8 bytes long; at most 256 can be mapped to a group name: use a shorter name");
        assertThatThrownBy(() -> ChannelNames.group("chat", "x".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256").satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\n \r", "\u3000"})
    void aBlankNameIsRefused(String name) {
        assertThatThrownBy(() -> ChannelNames.group("chat", name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uDBFF\uDBFF\uDC00x", "x\uD83C"})
    void aNameWithALoneSurrogateIsRefused(String name) {
        assertThatThrownBy(() -> ChannelNames.group("chat", name))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    void aNullNameOrPrefixIsRefused() {
        assertThatThrownBy(() -> ChannelNames.group("chat", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be null");
        assertThatThrownBy(() -> ChannelNames.group(null, "lobby"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group prefix must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "a!b", "방", "semi;colon"})
    void anInvalidPrefixIsRefusedSayingWhatAPrefixIs(String prefix) {
        assertThatThrownBy(() -> ChannelNames.group(prefix, "lobby"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group prefix '" + prefix + "' must be 1-65 of ASCII letters, digits, '-', '_', '.'"
                        + " (e.g. \"chat\")");
    }

    @Test
    void aPrefixOf65CharactersLeavesRoomForEveryFormAndALongerOneIsRefused() {
        String prefix = "p".repeat(65);
        for (String name : new String[] {"a", "방", "가".repeat(80), "r".repeat(200)}) {
            assertThat(ChannelNames.requireValidGroup(ChannelNames.group(prefix, name))).hasSizeLessThan(100);
        }
        assertThatThrownBy(() -> ChannelNames.group(prefix + "p", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 1-65");
    }

    /**
     * The scheme's promise: within one prefix, distinct names never share a group. The plain form
     * has '_' right after the prefix, the others '.', then 'u' (hex, one-to-one with the bytes)
     * or 'h' (hash); so only two long names can meet, when their SHA-256 agree on 128 bits.
     */
    @Test
    void distinctNamesGetDistinctValidGroupsAndTheSameNameAlwaysTheSameOne() {
        String alphabet = "aZ09-_.uh !/방서울가🎉é\u3000";
        Random random = new Random(7);
        Map<String, String> nameOfGroup = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = 1 + random.nextInt(i % 10 == 0 ? 120 : 8); n > 0; n--) {
                name.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String s = name.toString();
            if (s.isBlank() || s.getBytes(StandardCharsets.UTF_8).length > 256) {
                continue;
            }
            String group = ChannelNames.group("chat", s);
            assertThat(ChannelNames.requireValidGroup(group)).as("group of '%s'", s).isNotNull();
            assertThat(ChannelNames.group("chat", s)).isEqualTo(group);
            char separator = group.charAt("chat".length());
            assertThat(separator).as("the separator of '%s'", group)
                    .isEqualTo(ChannelNames.matchesGroupRule(s) && s.length() < 95 ? '_' : '.');
            String earlier = nameOfGroup.putIfAbsent(group, s);
            assertThat(earlier == null || earlier.equals(s)).as("'%s' and '%s' both map to %s", earlier, s, group)
                    .isTrue();
        }
        assertThat(nameOfGroup).hasSizeGreaterThan(30_000);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
