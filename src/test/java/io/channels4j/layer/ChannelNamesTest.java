package io.channels4j.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNamesTest {

    private static final String CHANNEL_RULE = "^[a-zA-Z\\d\\-_.]+(![\\d\\w\\-_.]*)?$";
    private static final String GROUP_RULE = "^[a-zA-Z\\d\\-_.]+$";

    @ParameterizedTest
    @ValueSource(strings = {"a", "chat", "websocket.receive", "A-b_c.9", "specific.abc!", "specific.abc!def_1-2.3",
        "..", "x!_"})
    void validChannelNamesAreReturnedUnchanged(String name) {
        assertThat(ChannelNames.requireValidChannel(name)).isSameAs(name);
    }

    @ParameterizedTest
    @EmptySource
    @ValueSource(strings = {"has space", "a/b", "ünïcode", "日本", "٣", "two!bangs!", "!leading", "tab\there",
        "line\n", "colon:x", "bang!ü", "bang! space", "plus+", "star*"})
    void invalidChannelNamesAreRejectedQuotingTheRule(String name) {
        assertThatThrownBy(() -> ChannelNames.requireValidChannel(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("channel name")
                .hasMessageContaining(CHANNEL_RULE)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "room-1", "A_b.c-9"})
    void validGroupNamesAreReturnedUnchanged(String name) {
        assertThat(ChannelNames.requireValidGroup(name)).isSameAs(name);
    }

    @ParameterizedTest
    @EmptySource
    @ValueSource(strings = {"has!bang", "has space", "a/b", "ünïcode", "line\n"})
    void invalidGroupNamesAreRejectedQuotingTheRule(String name) {
        assertThatThrownBy(() -> ChannelNames.requireValidGroup(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("group name")
                .hasMessageContaining(GROUP_RULE)
                .hasMessageNotContaining("'!'");
    }

    @Test
    void namesMustBeShorterThanOneHundredCharacters() {
        assertThat(ChannelNames.requireValidChannel("c".repeat(99))).hasSize(99);
        assertThat(ChannelNames.requireValidGroup("g".repeat(99))).hasSize(99);
        assertThatThrownBy(() -> ChannelNames.requireValidChannel("c".repeat(100)))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("shorter than 100 characters, got 100");
        assertThatThrownBy(() -> ChannelNames.requireValidGroup("g".repeat(100)))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("shorter than 100 characters, got 100");
    }

    @Test
    void aVeryLongNameIsAbbreviatedInTheMessage() {
        assertThatThrownBy(() -> ChannelNames.requireValidChannel("c".repeat(10_000)))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("got 10000")
                .hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void theFastChecksAcceptExactlyWhatTheRulesMatch() {
        java.util.regex.Pattern channel = java.util.regex.Pattern.compile(CHANNEL_RULE);
        java.util.regex.Pattern group = java.util.regex.Pattern.compile(GROUP_RULE);
        String alphabet = "aZ09-_.!! /\u00fc\u0663:+\n";
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = name.toString();
            assertThat(ChannelNames.matchesChannelRule(s)).as("channel '%s'", s).isEqualTo(channel.matcher(s).matches());
            assertThat(ChannelNames.matchesGroupRule(s)).as("group '%s'", s).isEqualTo(group.matcher(s).matches());
        }
    }

    @Test
    void nullNamesAreRejected() {
        assertThatThrownBy(() -> ChannelNames.requireValidChannel(null))
                .isInstanceOf(InvalidNameException.class).hasMessage("channel name must not be null");
        assertThatThrownBy(() -> ChannelNames.requireValidGroup(null))
                .isInstanceOf(InvalidNameException.class).hasMessage("group name must not be null");
    }

    @Test
    void aNameWithBangIsProcessLocal() {
        assertThat(ChannelNames.isProcessLocal("specific.abc!def")).isTrue();
        assertThat(ChannelNames.isProcessLocal("specific.abc!")).isTrue();
        assertThat(ChannelNames.isProcessLocal("worker.tasks")).isFalse();
    }

    @Test
    void theNonLocalNameEndsAtTheBang() {
        assertThat(ChannelNames.nonLocalName("specific.abc!def")).isEqualTo("specific.abc!");
        assertThat(ChannelNames.nonLocalName("specific.abc!")).isEqualTo("specific.abc!");
        assertThat(ChannelNames.nonLocalName("worker.tasks")).isEqualTo("worker.tasks");
    }
}
