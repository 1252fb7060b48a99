package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Inboxes woken inside a handler start together, in chunks, once its synchronous part is over. */
class WakeupsTest {

    /** Counts the tasks handed to it and runs them when asked. */
    private static final class Recording implements Executor {
        final List<Runnable> handed = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            handed.add(task);
        }

        void runAll() {
            new ArrayList<>(handed).forEach(Runnable::run);
        }
    }

    @Test
    void outsideAScopeATaskGoesToItsExecutorAtOnce() {
        Recording pool = new Recording();
        Wakeups.execute(pool, () -> { });
        assertThat(pool.handed).hasSize(1);
    }

    @Test
    void insideAScopeTasksWaitForItsEndAndGoInChunks() {
        Recording pool = new Recording();
        List<Integer> ran = new ArrayList<>();
        Wakeups scope = Wakeups.begin(pool);
        for (int i = 0; i < 40; i++) {
            int n = i;
            Wakeups.execute(pool, () -> ran.add(n));
        }
        assertThat(pool.handed).as("two full chunks of 16 handed on as they filled").hasSize(2);
        scope.end();
        assertThat(pool.handed).as("and the last 8 when the scope ended").hasSize(3);
        pool.runAll();
        assertThat(ran).hasSize(40).isSorted();
        Wakeups.execute(pool, () -> { });
        assertThat(pool.handed).as("the scope is closed").hasSize(4);
    }

    @Test
    void aTaskForAnotherExecutorIsNotHeld() {
        Recording pool = new Recording();
        Recording other = new Recording();
        Wakeups scope = Wakeups.begin(pool);
        Wakeups.execute(other, () -> { });
        assertThat(other.handed).hasSize(1);
        assertThat(pool.handed).isEmpty();
        scope.end();
        assertThat(pool.handed).isEmpty();
    }

    @Test
    void aFailingTaskDoesNotKeepTheRestOfItsChunkFromStarting() {
        Recording pool = new Recording();
        List<Integer> ran = new ArrayList<>();
        Wakeups scope = Wakeups.begin(pool);
        Wakeups.execute(pool, () -> ran.add(1));
        Wakeups.execute(pool, () -> {
            throw new IllegalStateException("a drain that should never throw");
        });
        Wakeups.execute(pool, () -> ran.add(3));
        scope.end();
        pool.runAll();
        assertThat(ran).containsExactly(1, 3);
    }
}
