package io.channels4j.redis;

import java.util.List;

/** Java and Django Channels on one Redis, unencrypted, one host. */
class PythonInteropIT extends PythonInteropScenario {

    @Override
    protected List<String> hosts() {
        return List.of(RedisTestSupport.SHARED);
    }
}
