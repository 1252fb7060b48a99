/**
 * What the channel layers share and nothing else uses: per-channel buffers, digests. Not API:
 * any of it may change in any release. It sits below the layers, so {@code io.channels4j.layer}
 * and {@code io.channels4j.redis} depend on it and never on the engine's {@code io.channels4j.internal}.
 */
package io.channels4j.layer.internal;
