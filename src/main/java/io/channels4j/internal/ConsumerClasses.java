package io.channels4j.internal;

import io.channels4j.ConsumerDefinitionException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What channels4j knows about each consumer class, found and checked once, when the class is
 * first used (at the first connection on Payara and WildFly, when the embedded server starts):
 * its base class and flavour, its event handlers, and whether it breaks the rules (bad handlers,
 * or lifecycle methods it annotates itself, which the base classes wire). A class that breaks them
 * is refused the same way on every server: each connection to it closes with 1011 and the log
 * names every problem.
 */
public final class ConsumerClasses {

    private static final List<Class<? extends Annotation>> LIFECYCLE =
            List.of(OnOpen.class, OnMessage.class, OnClose.class, OnError.class);

    /**
     * One consumer class, as the engine sees it.
     *
     * @param type the consumer class
     * @param base its channels4j base class and binder
     * @param handlers its event handlers
     * @param lifecycleProblems lifecycle methods the class annotates itself
     */
    record ConsumerClass(Class<?> type, ConsumerBinding.Base base, HandlerTable handlers,
                         List<String> lifecycleProblems) {

        /** Whether handlers run on the event pool (asynchronous consumers). */
        boolean async() {
            return base.binder().async();
        }

        /** Throws when the class breaks a rule, naming every problem. */
        void requireValid() {
            List<String> problems = new ArrayList<>(lifecycleProblems);
            problems.addAll(handlers.problems());
            if (!problems.isEmpty()) {
                throw new ConsumerDefinitionException(type.getName() + " is not a valid consumer:\n  - "
                        + String.join("\n  - ", problems));
            }
        }
    }

    private static final ClassValue<ConsumerClass> CLASSES = new ClassValue<>() {
        @Override
        protected ConsumerClass computeValue(Class<?> type) {
            ConsumerBinding.Base base = ConsumerBinding.baseOf(type);
            if (base == null) {
                return null;
            }
            return new ConsumerClass(type, base, HandlerTable.build(type, base.baseClass(), base.binder().async()),
                    lifecycleProblems(type, base.baseClass()));
        }
    };

    private ConsumerClasses() {
    }

    /**
     * Checks a class deployed as an endpoint; classes that are not channels4j consumers pass.
     *
     * @throws ConsumerDefinitionException naming every problem of a consumer class that breaks the rules
     */
    public static void requireValid(Class<?> endpointClass) {
        ConsumerClass consumer = CLASSES.get(endpointClass);
        if (consumer != null) {
            consumer.requireValid();
        }
    }

    /** The (possibly invalid) handler table of a consumer class. */
    public static HandlerTable handlers(Class<?> consumerClass) {
        return of(consumerClass).handlers();
    }

    /**
     * The consumer class of {@code type}.
     *
     * @throws IllegalArgumentException when {@code type} extends no consumer base class
     */
    static ConsumerClass of(Class<?> type) {
        ConsumerClass consumer = CLASSES.get(type);
        if (consumer == null) {
            throw new IllegalArgumentException(type.getName() + " is not a channels4j consumer:"
                    + " extend WebsocketConsumer, AsyncWebsocketConsumer or a JSON consumer");
        }
        return consumer;
    }

    private static List<String> lifecycleProblems(Class<?> type, Class<?> baseClass) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c = type; c != null && c != baseClass; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                for (Class<? extends Annotation> a : LIFECYCLE) {
                    if (m.isAnnotationPresent(a)) {
                        problems.add(c.getName() + "." + m.getName() + " is annotated @" + a.getSimpleName()
                                + ": channels4j consumers must not annotate lifecycle methods; override connect(),"
                                + " receive(...) or disconnect(int) instead");
                    }
                }
            }
        }
        String limit = MessageLimit.problem(type);
        if (limit != null) {
            problems.add(limit);
        }
        return problems;
    }
}
