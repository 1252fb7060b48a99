package io.channels4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one machine-readable line a scenario prints: {@code RESULT {json}}, flat keys, numbers
 * rounded, so scripts can {@code grep '^RESULT '} and parse the rest as JSON.
 */
final class Result {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    Result(String scenario, Options options) {
        put("scenario", scenario);
        options.given().forEach((k, v) -> put("arg_" + k.replace('-', '_'), v));
    }

    Result put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    Object get(String key) {
        return fields.get(key);
    }

    /** Copies {@code other}'s fields but its scenario name. */
    void putAll(Result other) {
        other.fields.forEach((k, v) -> {
            if (!k.equals("scenario")) {
                fields.put(k, v);
            }
        });
    }

    String line() {
        StringBuilder sb = new StringBuilder("RESULT {");
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":").append(json(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "null";
            }
            return Math.abs(d) >= 100 ? Long.toString(Math.round(d)) : String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, x) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(json(x)));
            return sb.append('}').toString();
        }
        return '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
    }
}
