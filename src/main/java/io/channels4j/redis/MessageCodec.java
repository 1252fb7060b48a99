package io.channels4j.redis;

import io.channels4j.layer.Messages;
import io.channels4j.layer.InvalidMessageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Turns messages into sorted-set members and back, byte for byte as channels_redis does: 12
 * random bytes (they only make members unique), then the message as a MessagePack map with
 * strings as str and {@code byte[]} as bin, or that MessagePack as a Fernet token when keys are
 * configured. A message for process-local channels carries {@code __asgi_channel__} as its last
 * entry. Numbers travel as MessagePack integers or floats: a {@code BigDecimal} with no fraction
 * becomes an integer, any other a 64-bit float; integers come back as {@code Integer} when they
 * fit, else {@code Long}, else {@code BigInteger}.
 */
final class MessageCodec {

    static final int ID_LENGTH = 12;

    private final Fernet fernet;

    /** @param fernet the encryption, or null for plain MessagePack */
    MessageCodec(Fernet fernet) {
        this.fernet = fernet;
    }

    /** A message's entries, packed once and checked; turned into members per queue key. */
    record Packed(int entries, byte[] body) {
    }

    /** What a member holds. */
    record Decoded(byte[] id, Map<String, Object> message, Object channels) {

        /** The full channel names the message is for: {@code __asgi_channel__} as a list, or empty. */
        List<String> targets() {
            if (channels instanceof String single) {
                return List.of(single);
            }
            if (channels instanceof List<?> many) {
                List<String> names = new ArrayList<>(many.size());
                for (Object name : many) {
                    if (name instanceof String s) {
                        names.add(s);
                    }
                }
                return names;
            }
            return List.of();
        }
    }

    /**
     * Packs the entries of an already-copied message.
     *
     * @throws InvalidMessageException when a number cannot be carried by MessagePack
     */
    Packed pack(Map<String, Object> message) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            for (Map.Entry<String, Object> e : message.entrySet()) {
                packer.packString(e.getKey());
                packValue(packer, e.getValue(), "message." + e.getKey());
            }
            return new Packed(message.size(), packer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh random member id. */
    static byte[] newId() {
        byte[] id = new byte[ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(id);
        return id;
    }

    /**
     * The sorted-set member: {@code id}, then the (possibly encrypted) MessagePack map of the
     * packed entries plus {@code __asgi_channel__} when {@code channels} (a name or a list of
     * names) is not null.
     */
    byte[] member(byte[] id, Packed packed, Object channels, long nowSeconds) {
        byte[] payload;
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(packed.entries() + (channels == null ? 0 : 1));
            packer.writePayload(packed.body());
            if (channels != null) {
                packer.packString(Messages.RESERVED_KEY);
                packValue(packer, channels, Messages.RESERVED_KEY);
            }
            payload = packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fernet != null) {
            payload = fernet.encrypt(payload, nowSeconds);
        }
        byte[] member = Arrays.copyOf(id, ID_LENGTH + payload.length);
        System.arraycopy(payload, 0, member, ID_LENGTH, payload.length);
        return member;
    }

    /**
     * The plain MessagePack map of the packed entries, as channels_redis's pub/sub layer publishes
     * a message: no id, no {@code __asgi_channel__}, never encrypted.
     */
    static byte[] plain(Packed packed) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packMapHeader(packed.entries());
            packer.writePayload(packed.body());
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a plain MessagePack map (a pub/sub payload) into a read-only message.
     *
     * @throws IllegalArgumentException when it is not a MessagePack map, saying why
     */
    static Map<String, Object> decodePlain(byte[] payload) {
        return Collections.unmodifiableMap(unpackMessage(payload));
    }

    /**
     * Reads a member back.
     *
     * @param ttlSeconds how old an encrypted member may be
     * @throws IllegalArgumentException when it is not a message this codec can read, saying why
     */
    Decoded decode(byte[] member, long nowSeconds, long ttlSeconds) {
        if (member.length <= ID_LENGTH) {
            throw new IllegalArgumentException("a member of " + member.length + " bytes holds no message");
        }
        byte[] id = Arrays.copyOf(member, ID_LENGTH);
        byte[] payload = Arrays.copyOfRange(member, ID_LENGTH, member.length);
        if (fernet != null) {
            try {
                payload = fernet.decrypt(payload, nowSeconds, ttlSeconds);
            } catch (Fernet.InvalidTokenException e) {
                throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
            }
        }
        Map<String, Object> message = unpackMessage(payload);
        Object channels = message.remove(Messages.RESERVED_KEY);
        return new Decoded(id, Collections.unmodifiableMap(message), channels);
    }

    /** A MessagePack map as a mutable message. */
    private static Map<String, Object> unpackMessage(byte[] payload) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            if (unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.MAP) {
                throw new IllegalArgumentException("the payload is a MessagePack "
                        + unpacker.getNextFormat().getValueType() + ", not a map");
            }
            return new LinkedHashMap<>(unpackMap(unpacker, 0, payload.length));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException known) {
                throw known;
            }
            throw new IllegalArgumentException("not valid MessagePack: " + e.getMessage(), e);
        }
    }

    private static void packValue(MessagePacker packer, Object value, String path) throws IOException {
        if (value == null) {
            packer.packNil();
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            packer.packLong(((Number) value).longValue());
        } else if (value instanceof Double d) {
            packer.packDouble(d);
        } else if (value instanceof Float f) {
            packer.packFloat(f);
        } else if (value instanceof BigInteger big) {
            packBigInteger(packer, big, path);
        } else if (value instanceof BigDecimal decimal) {
            packDecimal(packer, decimal, path);
        } else if (value instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                packer.packString((String) e.getKey());
                packValue(packer, e.getValue(), path + "." + e.getKey());
            }
        } else if (value instanceof Collection<?> items) {
            packer.packArrayHeader(items.size());
            int i = 0;
            for (Object item : items) {
                packValue(packer, item, path + "[" + i++ + "]");
            }
        } else {
            throw new InvalidMessageException(path + " is a " + value.getClass().getName()
                    + ", which the Redis layer cannot carry");
        }
    }

    private static void packBigInteger(MessagePacker packer, BigInteger big, String path) throws IOException {
        if (big.bitLength() > 64 || (big.signum() < 0 && big.bitLength() > 63)) {
            throw new InvalidMessageException(path + " is " + big + ", beyond MessagePack's 64-bit integers");
        }
        packer.packBigInteger(big);
    }

    private static void packDecimal(MessagePacker packer, BigDecimal decimal, String path) throws IOException {
        BigDecimal whole = decimal.stripTrailingZeros();
        if (whole.scale() <= 0 && whole.precision() - whole.scale() <= 20) {
            BigInteger integer = whole.toBigIntegerExact();
            if (integer.bitLength() <= 63) {
                packer.packLong(integer.longValueExact());
                return;
            }
        }
        double d = decimal.doubleValue();
        if (Double.isInfinite(d)) {
            throw new InvalidMessageException(path + " is " + decimal + ", beyond a 64-bit float");
        }
        packer.packDouble(d);
    }

    private static Map<String, Object> unpackMap(MessageUnpacker unpacker, int depth, long size) throws IOException {
        requireShallow(depth);
        int entries = requireAvailable(unpacker, unpacker.unpackMapHeader(), 2, size, "map entries");
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, (int) (entries / 0.75f) + 1));
        for (int i = 0; i < entries; i++) {
            Object key = unpackValue(unpacker, depth + 1, size);
            String name = key instanceof String s ? s
                    : key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : String.valueOf(key);
            map.put(name, unpackValue(unpacker, depth + 1, size));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object unpackValue(MessageUnpacker unpacker, int depth, long size) throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                unpacker.unpackNil();
                return null;
            case BOOLEAN:
                return unpacker.unpackBoolean();
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    return big.bitLength() < 64 ? narrow(big.longValue()) : big;
                }
                return narrow(unpacker.unpackLong());
            case FLOAT:
                return format == MessageFormat.FLOAT32 ? (Object) unpacker.unpackFloat() : (Object) unpacker.unpackDouble();
            case STRING:
                int chars = requireAvailable(unpacker, unpacker.unpackRawStringHeader(), 1, size, "string bytes");
                return new String(unpacker.readPayload(chars), StandardCharsets.UTF_8);
            case BINARY:
                return unpacker.readPayload(requireAvailable(unpacker, unpacker.unpackBinaryHeader(), 1, size, "bytes"));
            case ARRAY:
                requireShallow(depth);
                int length = requireAvailable(unpacker, unpacker.unpackArrayHeader(), 1, size, "items");
                List<Object> items = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    items.add(unpackValue(unpacker, depth + 1, size));
                }
                return Collections.unmodifiableList(items);
            case MAP:
                return unpackMap(unpacker, depth, size);
            default:
                throw new IllegalArgumentException("holds a MessagePack " + format.getValueType()
                        + ", which no message may hold");
        }
    }

    /** Refuses a container deeper than a message may nest: the reader must not exhaust the stack. */
    private static void requireShallow(int depth) {
        if (depth > Messages.MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + Messages.MAX_DEPTH + " levels");
        }
    }

    /**
     * Refuses a header that declares more than the rest of the payload can hold ({@code perItem}
     * bytes at least each), before anything is allocated for it: a peer's 10-byte payload must not
     * make this process reserve gigabytes.
     */
    private static int requireAvailable(MessageUnpacker unpacker, int declared, int perItem, long size, String what) {
        long left = size - unpacker.getTotalReadBytes();
        if (declared < 0 || (long) declared * perItem > left) {
            throw new IllegalArgumentException("declares " + Integer.toUnsignedString(declared) + " " + what
                    + " but only " + left + " bytes follow");
        }
        return declared;
    }

    private static Object narrow(long value) {
        return value == (int) value ? (Object) (int) value : (Object) value;
    }
}
