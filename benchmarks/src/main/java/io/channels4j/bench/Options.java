package io.channels4j.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} flags, each read once; unknown flags are refused at the end. */
final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Boolean> used = new HashMap<>();

    Options(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got '" + flag + "'");
            }
            values.put(flag.substring(2), args[++i]);
        }
    }

    String string(String name, String fallback) {
        used.put(name, true);
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    double decimal(String name, double fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    /** Fails on flags no scenario asked for (typos). */
    void requireAllUsed() {
        Set<String> unknown = new java.util.TreeSet<>(values.keySet());
        unknown.removeAll(used.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown flags: " + unknown);
        }
    }

    /** The flags as given, for the result line. */
    Map<String, String> given() {
        return values;
    }
}
