/**
 * Test-only classes that the real-server suites add to the chat example's WAR: a JAX-RS resource
 * that sends to a room through the injected layer, consumers that report their scope, a protected
 * consumer with an identity store, an origin-restricted consumer and one under the default origin check, a lifecycle probe that records
 * connects and disconnects, and the servlets that expose what they saw.
 */
package io.channels4j.examples.chat.container.probe;
