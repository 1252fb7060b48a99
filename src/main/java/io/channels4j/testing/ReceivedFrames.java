package io.channels4j.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the server sent to one {@link WebsocketClient} and the test has not read yet: complete
 * frames in arrival order, then how the connection ended.
 *
 * <p>Owner and locking: {@link #lock} guards every field. The JDK's listener thread adds frames
 * and the ending; test threads take them. Waits are {@link Condition#awaitNanos} on
 * {@link #changed}, which every addition signals; none is unbounded.
 */
final class ReceivedFrames {

    /** One complete frame: exactly one of {@code text} and {@code bytes} is set. */
    record Frame(String text, byte[] bytes) {
        private static final int SHOWN_CHARS = 200;
        private static final int SHOWN_BYTES = 16;

        boolean isText() {
            return text != null;
        }

        @Override
        public String toString() {
            if (isText()) {
                String shown = text.length() <= SHOWN_CHARS ? text
                        : text.substring(0, SHOWN_CHARS) + "... (" + text.length() + " chars)";
                return "text frame \"" + shown + "\"";
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, SHOWN_BYTES); i++) {
                hex.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i]));
            }
            return "binary frame of " + bytes.length + " bytes [" + hex + (bytes.length > SHOWN_BYTES ? " ..." : "") + "]";
        }
    }

    /** How the connection ended. */
    enum How { SERVER_CLOSED, BROKEN, ABORTED }

    /**
     * The end of the connection.
     *
     * @param code the server's close code; 1006 when the connection broke or was aborted
     * @param detail the server's reason, or what broke the connection
     */
    record Ending(How how, int code, String detail) {
        @Override
        public String toString() {
            return switch (how) {
                case SERVER_CLOSED -> "the server closed the connection with " + code
                        + (detail.isEmpty() ? "" : " (reason \"" + detail + "\")");
                case BROKEN -> "the connection broke without a close frame (1006" + (detail.isEmpty() ? "" : ": " + detail) + ")";
                case ABORTED -> "this client aborted the connection";
            };
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Frame> unread = new ArrayDeque<>();
    private Ending ending;
    /** Whether a test has seen the ending, or this client started the close (so the server's is an answer). */
    private boolean endingSeen;

    void add(Frame frame) {
        lock.lock();
        try {
            unread.addLast(frame);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records how the connection ended; only the first ending counts. */
    void end(Ending end) {
        lock.lock();
        try {
            if (ending == null) {
                ending = end;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** This client starts the close: the server's close frame that follows is its answer, not news. */
    void clientCloses() {
        lock.lock();
        try {
            endingSeen = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the first unread frame {@code wanted} accepts, leaving the others unread in order;
     * waits up to {@code wait} for one.
     *
     * @return the frame, or null when none came in time or the connection ended without one
     */
    Frame take(Predicate<Frame> wanted, Duration wait) throws InterruptedException {
        return await(wait, () -> {
            for (Iterator<Frame> it = unread.iterator(); it.hasNext();) {
                Frame frame = it.next();
                if (wanted.test(frame)) {
                    it.remove();
                    return frame;
                }
            }
            return null;
        }, null);
    }

    /**
     * Whether nothing unread (no frame, no close the test has not seen) exists or arrives within
     * {@code wait}; takes nothing.
     */
    /**
     * The next frame {@code wanted} lets through, waiting up to {@code wait}.
     *
     * @throws AssertionError saying what was expected and what came instead
     */
    Frame next(Predicate<Frame> wanted, Duration wait, String what) {
        Frame frame = takeOrNull(wanted, wait);
        if (frame == null) {
            Ending ending = peekEnding();
            throw new AssertionError("expected " + what + (ending != null ? ", but none came before the end"
                    : " within " + wait.toMillis() + " ms, but none came") + "; " + state());
        }
        return frame;
    }

    /** As {@link #take}, for a test thread: null when nothing came in time. */
    Frame takeOrNull(Predicate<Frame> wanted, Duration wait) {
        try {
            return take(wanted, Waits.checked(wait));
        } catch (InterruptedException e) {
            throw Waits.interrupted("a frame", e);
        }
    }

    /** As {@link #nothingWithin}, for a test thread. */
    boolean silentFor(Duration wait) {
        try {
            return nothingWithin(Waits.checked(wait));
        } catch (InterruptedException e) {
            throw Waits.interrupted("nothing to arrive", e);
        }
    }

    /**
     * The server's close code, waiting up to {@code wait} for the end; 1006 when the connection broke.
     *
     * @throws AssertionError when it is still open after {@code wait}, or the client aborted it
     */
    int awaitCloseCode(Duration wait) {
        Ending ending;
        try {
            ending = awaitEnding(Waits.checked(wait));
        } catch (InterruptedException e) {
            throw Waits.interrupted("the close", e);
        }
        if (ending == null) {
            throw new AssertionError("the server did not close the connection within " + wait.toMillis() + " ms; "
                    + state());
        }
        if (ending.how() == How.ABORTED) {
            throw new AssertionError("no close can come: " + ending);
        }
        return ending.code();
    }

    /** The close code if the connection has ended (read now), else empty; does not wait. */
    OptionalInt closeCodeNow() {
        try {
            Ending ending = endingNow();
            return ending == null || ending.how() == How.ABORTED ? OptionalInt.empty() : OptionalInt.of(ending.code());
        } catch (InterruptedException e) {
            throw Waits.interrupted("the close", e);
        }
    }

    boolean nothingWithin(Duration wait) throws InterruptedException {
        return await(wait, () -> !unread.isEmpty() || endingUnread() ? Boolean.FALSE : null, Boolean.TRUE);
    }

    /**
     * Waits up to {@code wait} for the end of the connection, whatever frames are unread, and
     * marks it seen.
     *
     * @return the ending, or null when the connection is still open
     */
    Ending awaitEnding(Duration wait) throws InterruptedException {
        return await(wait, () -> {
            endingSeen |= ending != null;
            return ending;
        }, null);
    }

    /** The ending if the connection has ended (marking it seen), else null; does not wait. */
    Ending endingNow() throws InterruptedException {
        return awaitEnding(Duration.ZERO);
    }

    /** The unread frames, then the ending if the test has not seen it, as readable lines. */
    List<String> leftOver() {
        lock.lock();
        try {
            List<String> left = new ArrayList<>();
            unread.forEach(frame -> left.add(frame.toString()));
            if (endingUnread()) {
                left.add(ending.toString());
            }
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** The unread frames and the state of the connection, for failure messages. */
    String state() {
        lock.lock();
        try {
            String frames = unread.isEmpty() ? "no unread frame" : "unread: " + unread;
            return frames + "; " + (ending == null ? "the connection is open" : ending.toString());
        } finally {
            lock.unlock();
        }
    }

    /** The ending, without marking it seen; null while open. */
    Ending peekEnding() {
        lock.lock();
        try {
            return ending;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holding the lock, asks {@code found} at once and after every change until it gives an
     * answer; gives {@code otherwise} when it has none once the connection has ended or
     * {@code wait} is over.
     */
    private <T> T await(Duration wait, Supplier<T> found, T otherwise) throws InterruptedException {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                T answer = found.get();
                if (answer != null) {
                    return answer;
                }
                if (ending != null || left <= 0) {
                    return otherwise;
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean endingUnread() {
        return ending != null && ending.how() != How.ABORTED && !endingSeen;
    }
}
