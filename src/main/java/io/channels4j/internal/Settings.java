package io.channels4j.internal;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Reads one channels4j setting where a deployment can put it: MicroProfile Config where the server
 * has it, else a system property, else an environment variable ({@code channels4j.allowed-origins}
 * -> {@code CHANNELS4J_ALLOWED_ORIGINS}). The same order as {@code LayerConfiguration.fromEnvironment()}.
 */
public final class Settings {

    private static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

    /**
     * The class loaders that cannot load MicroProfile Config. A failed class lookup searches the
     * whole class path, and settings are read on every handshake: asked once per loader.
     */
    private static final Map<ClassLoader, Boolean> WITHOUT_MICROPROFILE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Settings() {
    }

    /** The value of {@code name}, or empty where no source sets it. */
    public static Optional<String> property(String name) {
        return microProfile(name)
                .or(() -> Optional.ofNullable(System.getProperty(name)))
                .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_')
                        .replace('-', '_'))));
    }

    /**
     * A whole-number setting of at least {@code min}, or {@code fallback} where none is set.
     *
     * @throws IllegalArgumentException naming the setting and its bad value
     */
    public static long wholeNumber(String name, long fallback, long min) {
        return wholeNumber(name, fallback, min, Long.MAX_VALUE);
    }

    /**
     * A whole-number setting that fits an {@code int}, of at least {@code min}, or {@code fallback}
     * where none is set.
     *
     * @throws IllegalArgumentException naming the setting and its bad value
     */
    public static int count(String name, int fallback, int min) {
        return (int) wholeNumber(name, fallback, min, Integer.MAX_VALUE);
    }

    private static long wholeNumber(String name, long fallback, long min, long max) {
        Optional<String> value = property(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("setting " + name + " must be a whole number >= " + min
                + (max == Long.MAX_VALUE ? "" : " and <= " + max) + ", got '" + value.get() + "'");
    }

    /**
     * A true/false setting, or {@code fallback} where none is set.
     *
     * @throws IllegalArgumentException naming the setting when the value is neither true nor false
     */
    public static boolean flag(String name, boolean fallback) {
        Optional<String> value = property(name);
        if (value.isEmpty() || value.get().isBlank()) {
            return fallback;
        }
        String v = value.get().trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("setting " + name + " must be true or false, got '" + value.get() + "'");
    }

    private static Optional<String> microProfile(String name) {
        ClassLoader loader = contextLoader();
        if (WITHOUT_MICROPROFILE.containsKey(loader)) {
            return Optional.empty();
        }
        Class<?> provider;
        try {
            provider = Class.forName(CONFIG_PROVIDER, true, loader);
        } catch (ClassNotFoundException | LinkageError noMicroProfile) {
            WITHOUT_MICROPROFILE.put(loader, Boolean.TRUE);
            return Optional.empty();
        }
        try {
            Object config = provider.getMethod("getConfig").invoke(null);
            Method get = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            @SuppressWarnings("unchecked")
            Optional<String> value = (Optional<String>) get.invoke(config, name, String.class);
            return value;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError noMicroProfile) {
            return Optional.empty();
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : Settings.class.getClassLoader();
    }
}
