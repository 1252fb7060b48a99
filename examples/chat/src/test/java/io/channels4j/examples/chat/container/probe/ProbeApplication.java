package io.channels4j.examples.chat.container.probe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS under {@code /api}. */
@ApplicationPath("/api")
public class ProbeApplication extends Application {
}
