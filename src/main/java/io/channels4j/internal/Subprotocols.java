package io.channels4j.internal;

import io.channels4j.Scope;

/** The rule for the subprotocol a consumer accepts with: none, or the one the handshake agreed. */
final class Subprotocols {

    private Subprotocols() {
    }

    /**
     * Checks that {@code subprotocol} (null: none asked for) is the one the handshake agreed.
     *
     * @throws IllegalArgumentException naming the agreed and the offered subprotocols
     */
    static void requireAgreed(String subprotocol, String agreed, Scope scope) {
        if (subprotocol != null && !subprotocol.equals(agreed)) {
            throw new IllegalArgumentException("cannot accept with subprotocol '" + subprotocol
                    + "': the handshake agreed on " + (agreed.isEmpty() ? "none" : "'" + agreed + "'")
                    + " (the client offered " + offered(scope) + "); list the subprotocols the endpoint"
                    + " supports in @ServerEndpoint(subprotocols = ...) and accept the one agreed");
        }
    }

    private static String offered(Scope scope) {
        try {
            return scope.subprotocols().toString();
        } catch (IllegalStateException notCaptured) {
            return "(not captured without ConsumerConfigurator)";
        }
    }
}
