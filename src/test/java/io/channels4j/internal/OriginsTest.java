package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    private static final List<String> CHAT = List.of("https://chat.example.com", "http://127.0.0.1:8080");

    @Test
    void anEmptyListAllowsEveryOriginAndRequestsWithoutOne() {
        assertThat(Origins.allowed(List.of(), "https://evil.example")).isTrue();
        assertThat(Origins.allowed(List.of(), null)).isTrue();
    }

    @Test
    void aStarAllowsEveryOriginAndRequestsWithoutOne() {
        assertThat(Origins.allowed(List.of("https://chat.example.com", "*"), "https://evil.example")).isTrue();
        assertThat(Origins.allowed(List.of("*"), null)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://chat.example.com", "HTTPS://Chat.Example.COM:443", "https://chat.example.com/",
        "http://127.0.0.1:8080"})
    void listedOriginsPassIgnoringCaseDefaultPortsAndATrailingSlash(String origin) {
        assertThat(Origins.allowed(CHAT, origin)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://chat.example.com", "https://chat.example.com:8443",
        "https://chat.example.com.evil.example", "http://127.0.0.1:8081", "http://localhost:8080"})
    void otherSchemesHostsAndPortsAreRefused(String origin) {
        assertThat(Origins.allowed(CHAT, origin)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"null", "", "not an origin"})
    void aMissingOrOpaqueOriginIsRefusedOnceAListIsSet(String origin) {
        assertThat(Origins.allowed(CHAT, origin)).isFalse();
    }

    @Test
    void aWildcardEntryAllowsEverySubdomainButNotTheDomainItself() {
        List<String> subdomains = List.of("https://*.example.com");
        assertThat(Origins.allowed(subdomains, "https://chat.example.com")).isTrue();
        assertThat(Origins.allowed(subdomains, "https://a.b.example.com")).isTrue();
        assertThat(Origins.allowed(subdomains, "https://example.com")).isFalse();
        assertThat(Origins.allowed(subdomains, "https://evilexample.com")).isFalse();
        assertThat(Origins.allowed(subdomains, "http://chat.example.com")).isFalse();
    }

    @Test
    void aMalformedEntryFailsNamingIt() {
        assertThatThrownBy(() -> Origins.allowed(List.of("chat.example.com"), "https://chat.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chat.example.com'").hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> Origins.allowed(List.of("https://chat.example.com/path"), "https://x.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommaSeparatedSettingIsSplitAndTrimmed() {
        assertThat(Origins.parseList(" https://a.example , ,http://b.example:81,"))
                .containsExactly("https://a.example", "http://b.example:81");
    }
}
