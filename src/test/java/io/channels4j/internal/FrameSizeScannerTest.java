package io.channels4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameSizeScannerTest {

    private static final String REASON = "message larger than 10 bytes (test)";

    private static byte[] frame(boolean fin, int opcode, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (length <= 125) {
            out.write(0x80 | length);
        } else {
            out.write(0x80 | 126);
            out.write(length >>> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(new byte[4]);
        out.writeBytes(new byte[length]);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] closeFrame() {
        byte[] reason = REASON.getBytes(StandardCharsets.UTF_8);
        ByteBuffer close = ByteBuffer.allocate(6 + 2 + reason.length);
        close.put((byte) 0x88).put((byte) (0x80 | (2 + reason.length))).putInt(0).putShort((short) 1009).put(reason);
        return close.array();
    }

    @Test
    void framesWithinTheLimitPassUnchangedAndUncopied() {
        FrameSizeScanner scanner = new FrameSizeScanner(10, REASON);
        ByteBuffer read = ByteBuffer.wrap(concat(frame(true, 1, 10), frame(true, 2, 3), frame(true, 9, 4)));
        assertThat(scanner.scan(read)).isSameAs(read);
        assertThat(scanner.refused()).isFalse();
    }

    @Test
    void aFrameOverTheLimitIsReplacedByACloseFrameAndTheRestDropped() {
        FrameSizeScanner scanner = new FrameSizeScanner(10, REASON);
        byte[] ok = frame(true, 1, 5);
        byte[] big = frame(true, 1, 11);
        byte[] passed = bytes(scanner.scan(ByteBuffer.wrap(concat(ok, big))));
        assertThat(passed).isEqualTo(concat(ok, closeFrame()));
        assertThat(scanner.refused()).isTrue();
        assertThat(scanner.scan(ByteBuffer.wrap(frame(true, 1, 1))).remaining()).isZero();
    }

    @Test
    void fragmentsCountTogetherAndControlFramesBetweenThemDoNot() {
        FrameSizeScanner scanner = new FrameSizeScanner(10, REASON);
        byte[] first = frame(false, 2, 6);
        byte[] ping = frame(true, 9, 100);
        byte[] second = frame(false, 0, 4);
        byte[] third = frame(true, 0, 1);
        byte[] passed = bytes(scanner.scan(ByteBuffer.wrap(concat(first, ping, second, third))));
        assertThat(passed).isEqualTo(concat(first, ping, second, closeFrame()));
    }

    @Test
    void aFinishedMessageStartsTheCountAgain() {
        FrameSizeScanner scanner = new FrameSizeScanner(10, REASON);
        ByteBuffer read = ByteBuffer.wrap(concat(frame(false, 1, 6), frame(true, 0, 4), frame(true, 1, 10)));
        assertThat(scanner.scan(read)).isSameAs(read);
    }

    @Test
    void aHeaderSplitAcrossReadsIsHeldBackUntilWhole() {
        FrameSizeScanner scanner = new FrameSizeScanner(1000, REASON);
        byte[] all = concat(frame(true, 2, 3), frame(true, 2, 300));
        // the second header starts at byte 9 and is 8 bytes long: cut it after its third byte
        byte[] firstRead = Arrays.copyOfRange(all, 0, 12);
        byte[] secondRead = Arrays.copyOfRange(all, 12, all.length);
        byte[] passedFirst = bytes(scanner.scan(ByteBuffer.wrap(firstRead)));
        assertThat(passedFirst).isEqualTo(Arrays.copyOfRange(all, 0, 9));
        byte[] passedSecond = bytes(scanner.scan(ByteBuffer.wrap(secondRead)));
        assertThat(concat(passedFirst, passedSecond)).isEqualTo(all);
    }

    @Test
    void aHugeDeclaredLengthIsRefusedAtItsHeader() {
        FrameSizeScanner scanner = new FrameSizeScanner(10, REASON);
        ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127)).putLong(Long.MIN_VALUE)
                .putInt(0).flip();
        assertThat(bytes(scanner.scan(header))).isEqualTo(closeFrame());
    }
}
