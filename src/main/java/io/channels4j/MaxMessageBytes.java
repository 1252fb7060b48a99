package io.channels4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest message, in bytes, that clients may send to this consumer's endpoint; it overrides
 * the {@code channels4j.max-message-bytes} setting (default 1048576, 1 MiB) for this endpoint.
 * A text or binary message larger than that, whole or in fragments, is refused as it arrives:
 * the connection closes with 1009 ({@link CloseCodes#MESSAGE_TOO_BIG}) and a reason that names
 * the limit, and the consumer's {@code disconnect} gets 1009.
 *
 * <pre>{@code
 * @MaxMessageBytes(8 * 1024 * 1024)
 * @ServerEndpoint(value = "/ws/upload/", configurator = ConsumerConfigurator.class)
 * public class UploadConsumer extends WebsocketConsumer { ... }
 * }</pre>
 *
 * <p>Subclasses inherit it. See docs/security.md, "Message size", for what each server does.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MaxMessageBytes {

    /** The limit in bytes of payload (UTF-8 bytes for text), at least 1. */
    int value();
}
