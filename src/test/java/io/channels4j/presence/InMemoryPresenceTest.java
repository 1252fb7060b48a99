package io.channels4j.presence;

import io.channels4j.layer.ChannelLayer;
import io.channels4j.layer.InMemoryChannelLayer;

/** The presence contract on the in-memory layer: one node, its instances share nothing. */
class InMemoryPresenceTest extends PresenceContractTest {

    @Override
    protected ChannelLayer createLayer() {
        return new InMemoryChannelLayer();
    }

    @Override
    protected boolean instancesShare() {
        return false;
    }
}
