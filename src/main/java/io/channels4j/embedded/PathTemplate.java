package io.channels4j.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path template of the embedded server's routes, e.g. {@code /chat/{room}/members}: each
 * {@code {name}} segment matches any one path segment.
 */
record PathTemplate(String template, Pattern pattern, List<String> names) {

    static PathTemplate of(String template) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                names.add(part.substring(1, part.length() - 1));
                regex.append("([^/]+)");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return new PathTemplate(template, Pattern.compile(regex.toString()), List.copyOf(names));
    }

    /** The segments' values by name when {@code path} matches, else empty. */
    Optional<Map<String, String>> match(String path) {
        Matcher matched = pattern.matcher(path);
        if (!matched.matches()) {
            return Optional.empty();
        }
        Map<String, String> segments = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            segments.put(names.get(i), matched.group(i + 1));
        }
        return Optional.of(Map.copyOf(segments));
    }
}
