package io.channels4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of channels4j (every public or protected member of every public type outside
 * {@code io.channels4j.internal} and {@code io.channels4j.layer.internal}) is the list committed in {@value #API_FILE}: a change to it is a
 * decision, made by updating that file in the same commit. Run with
 * {@code -Dchannels4j.api.update=true} to write the current list, then review the diff.
 */
class PublicApiTest {

    private static final String API_FILE = "src/test/resources/api/public-api.txt";
    private static final Path CLASSES = Path.of("target/classes");
    /** Packages that are not API: the engine's {@code io.channels4j.internal} and the layers' {@code io.channels4j.layer.internal}. */
    private static final Pattern INTERNAL = Pattern.compile("\\bio\\.channels4j\\.(layer\\.)?internal\\.");

    @Test
    void thePublicApiIsTheCommittedOne() throws IOException {
        List<String> current = List.copyOf(signatures());
        Path file = Path.of(API_FILE);
        if (Boolean.getBoolean("channels4j.api.update")) {
            Files.createDirectories(file.getParent());
            Files.write(file, current, StandardCharsets.UTF_8);
        }
        List<String> committed = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> added = new ArrayList<>(current);
        added.removeAll(committed);
        List<String> removed = new ArrayList<>(committed);
        removed.removeAll(current);
        assertThat(added).as("public API added but not in " + API_FILE
                + " (if intended, run the build with -Dchannels4j.api.update=true and commit the file)").isEmpty();
        assertThat(removed).as("public API in " + API_FILE + " that is gone (if intended, run the build with"
                + " -Dchannels4j.api.update=true and commit the file)").isEmpty();
    }

    @Test
    void noPublicSignatureExposesAnInternalType() throws IOException {
        assertThat(signatures()).filteredOn(s -> INTERNAL.matcher(s.replaceFirst("^[^:]*: ", "")).find())
                .as("public members whose signatures name internal types").isEmpty();
    }

    private static Set<String> signatures() throws IOException {
        Set<String> lines = new TreeSet<>();
        for (Class<?> type : publicTypes()) {
            lines.add(type.getName() + ": " + describeType(type));
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                add(lines, type, c, c.toGenericString());
            }
            for (Method m : type.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge()) {
                    add(lines, type, m, m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (!f.isSynthetic()) {
                    add(lines, type, f, f.toGenericString());
                }
            }
        }
        return lines;
    }

    private static void add(Set<String> lines, Class<?> type, Member member, String signature) {
        int modifiers = member.getModifiers();
        boolean protectedReachable = Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers());
        if (Modifier.isPublic(modifiers) || protectedReachable) {
            lines.add(type.getName() + ": " + signature);
        }
    }

    private static String describeType(Class<?> type) {
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        String modifiers = Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE);
        String supertype = type.getSuperclass() == null || type.getSuperclass() == Object.class
                || type.isEnum() || type.isRecord() ? "" : " extends " + type.getGenericSuperclass().getTypeName();
        List<String> interfaces = Stream.of(type.getGenericInterfaces()).map(t -> t.getTypeName()).toList();
        return (modifiers + " " + kind).trim() + supertype
                + (interfaces.isEmpty() ? "" : " implements " + String.join(", ", interfaces));
    }

    private static List<Class<?>> publicTypes() throws IOException {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (INTERNAL.matcher(name).lookingAt() || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = load(name);
                if (isReachable(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** Public, and (for a nested type) inside public types all the way out; never anonymous or local. */
    private static boolean isReachable(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("cannot load " + name, e);
        }
    }
}
