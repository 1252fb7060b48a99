package io.channels4j.embedded;

/**
 * How an embedded server makes endpoint instances: with CDI injection when Weld is present,
 * by the public no-argument constructor otherwise. Reached from Tyrus through
 * {@link CdiComponentProvider} on the server's own worker threads.
 */
interface EndpointFactory {

    /** Creates an instance of {@code endpointClass}. */
    <T> Object create(Class<T> endpointClass) throws ReflectiveOperationException;

    /** Releases an instance made by {@link #create}; false when it did not make it. */
    boolean destroy(Object endpoint);
}
