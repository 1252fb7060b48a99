package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastJsonTest {

    private final Jsonb yasson = Json.shared();

    @Test
    void writesWhatJsonbWritesForPlainValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n", 42);
        nested.put("big", Long.MAX_VALUE);
        nested.put("neg", Integer.MIN_VALUE);
        nested.put("ok", true);
        nested.put("list", List.of("a", 1, false, List.of(), Map.of()));
        for (Object value : List.of(Map.of("message", "hello"), "just text", 7, 7L, false, List.of(1, 2, 3),
                Map.of(), List.of(), nested, Map.of("notify", List.of("someone joined a", "someone joined b")))) {
            assertThat(FastJson.encode(value)).as("%s", value).isEqualTo(yasson.toJson(value));
        }
    }

    @Test
    void escapesStringsAsJsonbDoes() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        every.append("é日本\u2028\u2029\u007f😀\"\\/");
        assertThat(FastJson.encode(Map.of("message", every.toString())))
                .isEqualTo(yasson.toJson(Map.of("message", every.toString())));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD7FF));
            }
            String s = new String(chars);
            assertThat(FastJson.encode(List.of(s, Map.of(s, s)))).isEqualTo(yasson.toJson(List.of(s, Map.of(s, s))));
        }
    }

    @Test
    void leavesEverythingElseToJsonb() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);
        Map<Object, Object> intKeys = Map.of(1, "one");
        for (Object value : Arrays.asList(null, withNull, intKeys, 1.5, new BigDecimal("1.50"), new int[] {1},
                new ArrayList<>(Arrays.asList("a", null)), Map.of("x", new Object()), Map.of("d", 2.0f))) {
            assertThat(FastJson.encode(value)).as("%s", value).isNull();
        }
    }

    @Test
    void onlyTheSharedInstanceTakesTheFastPath() {
        Jsonb own = JsonbBuilder.create(new jakarta.json.bind.JsonbConfig().withFormatting(true));
        assertThat(Json.encode(own, Map.of("message", "hi"))).isEqualTo(own.toJson(Map.of("message", "hi")));
        assertThat(Json.encode(yasson, Map.of("message", "hi"))).isEqualTo("{\"message\":\"hi\"}");
    }
}
