package io.channels4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/static/chat.css", "/chat/lobby/", "/chat/caf%C3%A9/", "/files/a%20b.txt",
        "/files/%252e%252e/x", "/files/..x", "/files/.hidden", "/a;jsessionid=1/b", "/~user/", "/a..b/"})
    void cleanPathsAreAcceptable(String path) {
        assertThat(RequestPaths.acceptable(path)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2E%2E/x", "/chat/..%2f..%2fetc%2fpasswd/", "/a/./b", "/a/.", "/a/..", "/files/..;/x",
        "/a%2Fb", "/a%5cb", "/a\\b", "/a%00b", "/a%0Ab", "/a%ZZ", "/a%4", "/a%",
        "/%c0%ae%c0%ae/x", "/%FF", "relative", "", "/a b", "/caf\u00e9"})
    void malformedPathsOrPathsWithDotSegmentsAreNot(String path) {
        assertThat(RequestPaths.acceptable(path)).isFalse();
    }
}
