package io.channels4j.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channels4j.layer.InvalidMessageException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void theCopyIsDeepAndReadOnly() {
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        List<Object> items = new ArrayList<>(List.of(inner));
        Map<String, Object> original = new HashMap<>(Map.of("items", items));

        Map<String, Object> copy = Messages.copy(original);
        inner.put("k", "changed");
        items.add("more");

        assertThat(copy).isEqualTo(Map.of("items", List.of(Map.of("k", "v"))));
        @SuppressWarnings("unchecked")
        List<Object> copiedItems = (List<Object>) copy.get("items");
        @SuppressWarnings("unchecked")
        Map<String, Object> copiedInner = (Map<String, Object>) copiedItems.get(0);
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copiedItems.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copiedInner.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bytesAreCloned() {
        byte[] bytes = {1, 2};
        Map<String, Object> copy = Messages.copy(Map.of("b", bytes));
        bytes[0] = 9;
        assertThat((byte[]) copy.get("b")).containsExactly(1, 2).isNotSameAs(bytes);
    }

    @Test
    void keyOrderIsKept() {
        Map<String, Object> original = new LinkedHashMap<>();
        for (String key : List.of("z", "a", "m", "b", "y")) {
            original.put(key, key);
        }
        assertThat(Messages.copy(original).keySet()).containsExactly("z", "a", "m", "b", "y");
    }

    @Test
    void arraysAndSetsBecomeLists() {
        Map<String, Object> copy = Messages.copy(Map.of(
                "array", new Object[] {"a", 1},
                "set", new LinkedHashSet<>(List.of("x", "y"))));
        assertThat(copy.get("array")).isEqualTo(List.of("a", 1));
        assertThat(copy.get("set")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void everyKindOfNumberIsKept() {
        List<Object> numbers = List.of((byte) 1, (short) 2, 3, 4L, 5.5f, 6.5, new BigInteger("7"), new BigDecimal("8.5"));
        assertThat(Messages.copy(Map.of("n", numbers)).get("n")).isEqualTo(numbers);
    }

    @Test
    void aSelfReferencingMessageIsRejectedNotOverflowed() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        assertThatThrownBy(() -> Messages.copy(loop))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("nested deeper than 64");
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertThatThrownBy(() -> Messages.copy(Map.of("list", list)))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("message.list[0][0]");
    }

    @Test
    void sixtyLevelsOfNestingAreAllowed() {
        Map<String, Object> message = Map.of("leaf", true);
        for (int i = 0; i < 60; i++) {
            message = Map.of("n", message);
        }
        assertThat(Messages.copy(message)).isEqualTo(message);
    }

    @Test
    void invalidValuesAreNamedByTheirPath() {
        assertThatThrownBy(() -> Messages.copy(Map.of("a", List.of(Map.of("b", 'c')))))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("message.a[0].b is a java.lang.Character");
        Map<Object, Object> intKey = new HashMap<>(Map.of(1, "x"));
        assertThatThrownBy(() -> Messages.copy(Map.of("a", intKey)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("message.a has a key that is not a string: java.lang.Integer");
    }

    @Test
    void aNullMessageAndTheReservedKeyAreRejected() {
        assertThatThrownBy(() -> Messages.copy(null))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> Messages.copy(Map.of(Messages.RESERVED_KEY, "x")))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("'__asgi_channel__'");
    }

    @Test
    void holdsBytesFindsBytesAtAnyDepth() {
        assertThat(Messages.holdsBytes(Map.of("a", "text", "b", List.of(1, Map.of("c", false))))).isFalse();
        assertThat(Messages.holdsBytes(Map.of("b", new byte[0]))).isTrue();
        assertThat(Messages.holdsBytes(Map.of("a", List.of(Map.of("c", List.of(new byte[] {1})))))).isTrue();
    }

    @Test
    void typeIsTheStringTypeOrNull() {
        assertThat(Messages.type(Map.of("type", "chat.message"))).isEqualTo("chat.message");
        assertThat(Messages.type(Map.of("text", "no type"))).isNull();
        assertThat(Messages.type(Map.of("type", 42))).isNull();
    }
}
