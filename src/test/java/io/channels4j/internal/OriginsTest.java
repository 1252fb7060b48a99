package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

    private static final List<String> CHAT = List.of("https://chat.example.com", "http://127.0.0.1:8080");

    private static final String OWN = "http://127.0.0.1:8080";

    @Test
    void anEmptyListAllowsOnlyTheRequestsOwnOriginAndRequestsWithoutOne() {
        assertThat(Origins.allowed(List.of(), "http://127.0.0.1:8080", OWN)).isTrue();
        assertThat(Origins.allowed(List.of(), "HTTP://127.0.0.1:8080/", OWN)).isTrue();
        assertThat(Origins.allowed(List.of(), null, OWN)).isTrue();
        assertThat(Origins.allowed(List.of(), "http://evil.example", OWN)).isFalse();
        assertThat(Origins.allowed(List.of(), "https://127.0.0.1:8080", OWN)).as("another scheme").isFalse();
        assertThat(Origins.allowed(List.of(), "http://127.0.0.1:8081", OWN)).as("another port").isFalse();
        assertThat(Origins.allowed(List.of(), "http://localhost:8080", OWN)).as("another host name").isFalse();
        assertThat(Origins.allowed(List.of(), "null", OWN)).as("an opaque origin").isFalse();
    }

    @Test
    void aHostHeaderWithoutPortMeansTheSchemesDefaultPort() {
        assertThat(Origins.allowed(List.of(), "https://chat.example.com", "https://chat.example.com")).isTrue();
        assertThat(Origins.allowed(List.of(), "https://chat.example.com:443", "https://chat.example.com")).isTrue();
        assertThat(Origins.allowed(List.of(), "http://chat.example.com", "https://chat.example.com")).isFalse();
    }

    @Test
    void anUnknownOwnOriginLetsOnlyRequestsWithoutAnOriginPastAnEmptyList() {
        assertThat(Origins.allowed(List.of(), null, null)).isTrue();
        assertThat(Origins.allowed(List.of(), "http://127.0.0.1:8080", null)).isFalse();
        assertThat(Origins.allowed(List.of(), "http://127.0.0.1:8080", "http://bad host")).isFalse();
    }

    @Test
    void aStarAllowsEveryOriginAndRequestsWithoutOne() {
        assertThat(Origins.allowed(List.of("https://chat.example.com", "*"), "https://evil.example", OWN)).isTrue();
        assertThat(Origins.allowed(List.of("*"), null, OWN)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://chat.example.com", "HTTPS://Chat.Example.COM:443", "https://chat.example.com/",
        "http://127.0.0.1:8080"})
    void listedOriginsPassIgnoringCaseDefaultPortsAndATrailingSlash(String origin) {
        assertThat(Origins.allowed(CHAT, origin, OWN)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://chat.example.com", "https://chat.example.com:8443",
        "https://chat.example.com.evil.example", "http://127.0.0.1:8081", "http://localhost:8080"})
    void otherSchemesHostsAndPortsAreRefused(String origin) {
        assertThat(Origins.allowed(CHAT, origin, OWN)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullSource
    @ValueSource(strings = {"null", "", "not an origin"})
    void aMissingOrOpaqueOriginIsRefusedOnceAListIsSet(String origin) {
        assertThat(Origins.allowed(CHAT, origin, OWN)).isFalse();
    }

    @Test
    void aWildcardEntryAllowsEverySubdomainButNotTheDomainItself() {
        List<String> subdomains = List.of("https://*.example.com");
        assertThat(Origins.allowed(subdomains, "https://chat.example.com", OWN)).isTrue();
        assertThat(Origins.allowed(subdomains, "https://a.b.example.com", OWN)).isTrue();
        assertThat(Origins.allowed(subdomains, "https://example.com", OWN)).isFalse();
        assertThat(Origins.allowed(subdomains, "https://evilexample.com", OWN)).isFalse();
        assertThat(Origins.allowed(subdomains, "http://chat.example.com", OWN)).isFalse();
    }

    @Test
    void aMalformedEntryFailsNamingIt() {
        assertThatThrownBy(() -> Origins.allowed(List.of("chat.example.com"), "https://chat.example.com", OWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chat.example.com'").hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> Origins.allowed(List.of("https://chat.example.com/path"), "https://x.example", OWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMalformedEntryFailsEvenWhenAStarIsListedOrTheOriginIsMissing() {
        assertThatThrownBy(() -> Origins.allowed(List.of("*", "ftp//x"), null, OWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp//x'");
        assertThatThrownBy(() -> Origins.requireValid(List.of("https://ok.example", "https://a.example:port")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'https://a.example:port'");
    }

    @Test
    void validEntriesPassTheStartCheck() {
        assertThatCode(() -> Origins.requireValid(List.of("*", "https://chat.example.com", "http://*.example.com:8080",
                "http://[::1]:8080"))).doesNotThrowAnyException();
    }

    @Test
    void aCommaSeparatedSettingIsSplitAndTrimmed() {
        assertThat(Origins.parseList(" https://a.example , ,http://b.example:81,"))
                .containsExactly("https://a.example", "http://b.example:81");
    }
}
