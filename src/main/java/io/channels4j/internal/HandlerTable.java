package io.channels4j.internal;

import io.channels4j.EventDispatchException;
import io.channels4j.EventHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The event handlers of one consumer class, found and checked once, at first use.
 *
 * <p>A handler is a non-static method declared in the user's consumer class (or a user superclass,
 * never a channels4j base class) taking one {@code java.util.Map}, returning {@code void} in a
 * synchronous consumer or a {@code CompletionStage} in an asynchronous one. It is found by name
 * ({@code chat.message} -> {@code chat_message}) or by {@link EventHandler}. Only methods that look
 * like handlers are checked as handlers: annotated ones, and methods taking one {@code Map} whose
 * name has a {@code _}; any other method (a helper such as {@code load_user(String)}) is ordinary. Only methods in this
 * table can be reached by an event's {@code type}: names of the base classes and of
 * {@code Object} ({@code close}, {@code send}, {@code notify}, ...) are reserved and never looked up.
 */
public final class HandlerTable {

    private static final System.Logger LOG = System.getLogger("io.channels4j");
    private static final MethodType INVOKE_TYPE = MethodType.methodType(Object.class, Object.class, Map.class);

    private final Class<?> consumerClass;
    private final Map<String, MethodHandle> byName;
    private final Map<String, MethodHandle> byType;
    private final List<String> problems;

    private HandlerTable(Class<?> consumerClass, Map<String, MethodHandle> byName, Map<String, MethodHandle> byType,
                         List<String> problems) {
        this.consumerClass = consumerClass;
        this.byName = byName;
        this.byType = byType;
        this.problems = problems;
    }

    /**
     * Finds and checks the handlers of {@code consumerClass}, a subclass of {@code baseClass}, the
     * channels4j consumer base class it extends; methods of the base class and above are never handlers.
     *
     * @param async whether handlers must return a {@code CompletionStage}
     */
    static HandlerTable build(Class<?> consumerClass, Class<?> baseClass, boolean async) {
        Set<String> reserved = reservedNames(baseClass);
        Map<String, MethodHandle> byName = new HashMap<>();
        Map<String, MethodHandle> byType = new HashMap<>();
        Map<String, String> typeOwners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = consumerClass; c != null && c != baseClass; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge() || !seen.add(m.getName() + List.of(m.getParameterTypes()))) {
                    continue;
                }
                inspect(m, async, reserved, byName, byType, typeOwners, problems);
            }
        }
        for (String name : byName.keySet()) {
            String type = name.replace('_', '.');
            if (typeOwners.containsKey(type) && !typeOwners.get(type).equals(name)) {
                problems.add("type '" + type + "' has two handlers: " + name + "(Map) and "
                        + typeOwners.get(type) + "(Map) annotated @EventHandler(\"" + type + "\")");
            }
        }
        return new HandlerTable(consumerClass, Map.copyOf(byName), Map.copyOf(byType), List.copyOf(problems));
    }

    /** What is wrong with the class's handlers, one line per problem; empty when nothing is. */
    List<String> problems() {
        return problems;
    }

    /**
     * Calls the handler for {@code event}'s type on {@code consumer}.
     *
     * @return what the handler returned ({@code null} for void handlers)
     * @throws EventDispatchException when the event has no usable type or no handler
     */
    public Object dispatch(Object consumer, Map<String, Object> event) throws Throwable {
        return (Object) handlerFor(event).invokeExact(consumer, (Map<?, ?>) event);
    }

    /** Whether an event of {@code type} would find a handler. */
    public boolean handles(String type) {
        return byType.containsKey(type) || byName.containsKey(type.replace('.', '_'));
    }

    private MethodHandle handlerFor(Map<String, Object> event) {
        Object type = event.get("type");
        if (type == null) {
            throw new EventDispatchException("message has no 'type': " + abbreviate(event.keySet().toString())
                    + "; every channel-layer message needs a \"type\" naming its handler");
        }
        if (!(type instanceof String t)) {
            throw new EventDispatchException("message 'type' must be a string, got " + type.getClass().getSimpleName());
        }
        MethodHandle handler = byType.get(t);
        if (handler != null) {
            return handler;
        }
        String name = t.replace('.', '_');
        if (name.startsWith("_")) {
            throw new EventDispatchException("malformed type '" + abbreviate(t) + "' (leading underscore):"
                    + " handlers whose names start with '_' are never dispatched to");
        }
        handler = byName.get(name);
        if (handler == null) {
            throw new EventDispatchException("no handler for message type '" + abbreviate(t) + "' in "
                    + consumerClass.getSimpleName() + ": define " + abbreviate(name)
                    + "(Map<String, Object> event) or a method annotated @EventHandler(\"" + abbreviate(t) + "\")");
        }
        return handler;
    }

    private static void inspect(Method m, boolean async, Set<String> reserved, Map<String, MethodHandle> byName,
                                Map<String, MethodHandle> byType, Map<String, String> typeOwners,
                                List<String> problems) {
        String name = m.getName();
        EventHandler annotation = m.getAnnotation(EventHandler.class);
        boolean takesMap = m.getParameterCount() == 1 && m.getParameterTypes()[0] == Map.class;
        String signature = m.getDeclaringClass().getSimpleName() + "." + name + "("
                + String.join(", ", List.of(m.getParameterTypes()).stream().map(Class::getSimpleName).toList()) + ")";
        if (annotation == null && !takesMap) {
            if (name.indexOf('_') > 0 && m.getParameterCount() > 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> signature + " is not an event handler: handlers take"
                        + " exactly one Map<String, Object>");
            }
            return;
        }
        if (annotation == null && name.startsWith("_")) {
            return;
        }
        if (annotation == null && name.indexOf('_') < 0 && !fitsHandler(m, async)) {
            // A helper that happens to take a Map (e.g. String describe(Map)): not a handler.
            return;
        }
        List<String> wrong = wrongShape(m, async, takesMap, annotation == null && reserved.contains(name));
        if (annotation != null && annotation.value().isBlank()) {
            wrong.add("has an empty @EventHandler type");
        }
        if (!wrong.isEmpty()) {
            problems.add(signature + " " + String.join("; ", wrong));
            return;
        }
        MethodHandle handle = handleFor(m, problems, signature);
        if (handle == null) {
            return;
        }
        if (annotation != null) {
            String type = annotation.value();
            String previous = typeOwners.putIfAbsent(type, name);
            if (previous != null) {
                problems.add("type '" + type + "' has two @EventHandler methods: " + previous + " and " + name);
            } else {
                byType.put(type, handle);
            }
        } else if (byName.putIfAbsent(name, handle) != null) {
            problems.add(signature + " overloads another handler named " + name);
        }
    }

    /** What is wrong with the shape of a method that looks like a handler. */
    private static List<String> wrongShape(Method m, boolean async, boolean takesMap, boolean reservedName) {
        List<String> wrong = new ArrayList<>();
        if (Modifier.isStatic(m.getModifiers())) {
            wrong.add("must not be static");
        }
        if (!takesMap) {
            wrong.add("must take exactly one Map<String, Object>");
        }
        if (async && !CompletionStage.class.isAssignableFrom(m.getReturnType())) {
            wrong.add("must return CompletionStage<Void> in an asynchronous consumer, not "
                    + m.getReturnType().getSimpleName());
        } else if (!async && m.getReturnType() != void.class) {
            wrong.add("must return void in a synchronous consumer, not " + m.getReturnType().getSimpleName());
        }
        if (reservedName) {
            wrong.add("has a reserved name (a channels4j or Object method); give it another name and"
                    + " annotate it @EventHandler(\"" + m.getName().replace('_', '.') + "\")");
        }
        return wrong;
    }

    private static boolean fitsHandler(Method m, boolean async) {
        boolean returns = async ? CompletionStage.class.isAssignableFrom(m.getReturnType())
                : m.getReturnType() == void.class;
        return returns && !Modifier.isStatic(m.getModifiers());
    }

    private static MethodHandle handleFor(Method m, List<String> problems, String signature) {
        try {
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(INVOKE_TYPE);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add(signature + " cannot be called by channels4j: " + e.getMessage());
            return null;
        }
    }

    private static Set<String> reservedNames(Class<?> baseClass) {
        Set<String> names = new HashSet<>();
        for (Class<?> c = baseClass; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                names.add(m.getName());
            }
        }
        for (Method m : Object.class.getDeclaredMethods()) {
            names.add(m.getName());
        }
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
