package io.channels4j.layer;

import io.channels4j.layer.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The mapping behind {@link ChannelNames#group(String, String)}: any name a person may type (a
 * room called {@code 서울}) to a valid group name, the same one every time. Stateless.
 */
final class GroupNameMapping {

    /** The longest name mapped, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 256;
    /** The longest prefix: room for {@code ".h"} and 32 hex characters below {@link ChannelNames#MAX_LENGTH}. */
    static final int MAX_PREFIX_LENGTH = ChannelNames.MAX_LENGTH - 1 - 2 - 32;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int HASH_HEX_CHARS = 32;

    private GroupNameMapping() {
    }

    static String group(String prefix, String name) {
        requirePrefix(prefix);
        byte[] utf8 = requireMappableName(name);
        String plain = prefix + "_" + name;
        if (plain.length() < ChannelNames.MAX_LENGTH && ChannelNames.matchesGroupRule(name)) {
            return plain;
        }
        if (prefix.length() + 2 + 2 * utf8.length < ChannelNames.MAX_LENGTH) {
            return prefix + ".u" + hex(utf8, utf8.length * 2);
        }
        return prefix + ".h" + hex(Digests.sha256(utf8), HASH_HEX_CHARS);
    }

    private static void requirePrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("group prefix must not be null");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH || !ChannelNames.matchesGroupRule(prefix)) {
            throw new IllegalArgumentException("group prefix '" + abbreviate(prefix) + "' must be 1-"
                    + MAX_PREFIX_LENGTH + " of ASCII letters, digits, '-', '_', '.' (e.g. \"chat\")");
        }
    }

    /** The name's UTF-8 bytes, once it is known to be mappable. */
    private static byte[] requireMappableName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank: give a name with at least one"
                    + " character other than white space");
        }
        if (name.length() > MAX_NAME_BYTES) {
            throw tooLong(name.length() + " or more");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("name has a lone surrogate (U+" + Integer.toHexString(c)
                        .toUpperCase(Locale.ROOT) + ") at index " + i + ": it is no Unicode text");
            }
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_NAME_BYTES) {
            throw tooLong(String.valueOf(utf8.length));
        }
        return utf8;
    }

    private static IllegalArgumentException tooLong(String bytes) {
        return new IllegalArgumentException("name is " + bytes + " UTF-8 bytes long; at most " + MAX_NAME_BYTES
                + " can be mapped to a group name: use a shorter name");
    }

    private static String hex(byte[] bytes, int chars) {
        StringBuilder out = new StringBuilder(chars);
        for (int i = 0; out.length() < chars; i++) {
            out.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]);
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
