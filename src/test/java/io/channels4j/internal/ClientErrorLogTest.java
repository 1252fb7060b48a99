package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientErrorLogTest {

    private static final long MINUTE = 60_000_000_000L;

    @Test
    void aWindowAdmitsItsLimitThenOneNoticeThenCountsTheRestForTheNextWindow() {
        AtomicLong now = new AtomicLong(5);
        ClientErrorLog.Window window = new ClientErrorLog.Window(2, now::get);
        AtomicInteger notices = new AtomicInteger();
        List<Long> summaries = new ArrayList<>();
        List<Boolean> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            admitted.add(window.admit(notices::incrementAndGet, summaries::add));
        }
        assertThat(admitted).containsExactly(true, true, false, false, false);
        assertThat(notices).hasValue(1);
        assertThat(summaries).isEmpty();

        now.addAndGet(MINUTE);
        assertThat(window.admit(notices::incrementAndGet, summaries::add)).isTrue();
        assertThat(summaries).as("lines suppressed after the notice in the window before").containsExactly(2L);
        assertThat(notices).hasValue(1);
    }

    @Test
    void aQuietWindowReportsNothingSuppressed() {
        AtomicLong now = new AtomicLong();
        ClientErrorLog.Window window = new ClientErrorLog.Window(3, now::get);
        List<Long> summaries = new ArrayList<>();
        window.admit(() -> { }, summaries::add);
        now.addAndGet(2 * MINUTE);
        assertThat(window.admit(() -> { }, summaries::add)).isTrue();
        assertThat(summaries).isEmpty();
    }
}
