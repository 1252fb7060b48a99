package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The runtime of a CDI application lives as long as the application and takes its threads along. */
class ApplicationRuntimeTest {

    @Test
    void stoppingTheApplicationShutsItsOwnPoolsDownAndTheirThreadsEnd() throws Exception {
        WeldContainer weld = new Weld("application-runtime-test").disableDiscovery()
                .addBeanClasses(ApplicationRuntime.class, io.channels4j.cdi.ChannelLayerProducer.class)
                .skipShutdownHook().initialize();
        ConsumerRuntime runtime;
        Thread blockingThread;
        Thread eventThread;
        try {
            ApplicationRuntime application = weld.select(ApplicationRuntime.class).get();
            runtime = application.runtime();
            assertThat(runtime).isNotNull().isSameAs(application.runtime());
            assertThat(runtime.blockingExecutor).isNotSameAs(Executors.blocking());
            blockingThread = Executors.call(runtime.blockingExecutor, Thread::currentThread)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            eventThread = Executors.call(runtime.eventExecutor, Thread::currentThread)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(blockingThread.getName()).startsWith("channels4j-blocking-");
            assertThat(eventThread.getName()).startsWith("channels4j-events-");
        } finally {
            weld.shutdown();
        }
        assertThatThrownBy(() -> runtime.blockingExecutor.execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !blockingThread.isAlive() && !eventThread.isAlive());
    }
}
