"""A Django Channels peer for channels4j's interoperability tests.

Runs one channels_redis 4.0 RedisChannelLayer (or, with "layer": "pubsub" in the config,
RedisPubSubChannelLayer) operation against the Redis the Java test uses and reports on stdout,
one line per step, so the Java side can follow it:

    peer.py CONFIG_JSON group_send GROUP MESSAGE_JSON      -> SENT
    peer.py CONFIG_JSON send CHANNEL MESSAGE_JSON          -> SENT
    peer.py CONFIG_JSON join_and_receive GROUP SECONDS     -> READY <channel>, then GOT <message json>
    peer.py CONFIG_JSON receive SECONDS COUNT              -> READY <channel>, then COUNT x GOT <message json>
    peer.py CONFIG_JSON fernet_decrypt KEY TOKEN NOW TTL   -> PLAIN <hex>

CONFIG_JSON: {"hosts": [...redis:// URLs], "prefix": "...", "keys": [...] or [], "layer": "core" or "pubsub"}.
In messages, {"$bytes": "<hex>"} stands for a bytes value, both ways.
"""
import asyncio
import base64
import hashlib
import json
import sys

from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer


def from_json(text):
    def bytes_hook(obj):
        if set(obj) == {"$bytes"}:
            return bytes.fromhex(obj["$bytes"])
        return obj
    return json.loads(text, object_hook=bytes_hook)


def to_json(message):
    def encode(value):
        if isinstance(value, bytes):
            return {"$bytes": value.hex()}
        raise TypeError(repr(value))
    return json.dumps(message, default=encode, sort_keys=True)


def say(*words):
    print(*words, flush=True)


def make_layer(config):
    if config.get("layer") == "pubsub":
        return RedisPubSubChannelLayer(hosts=config["hosts"], prefix=config["prefix"])
    return RedisChannelLayer(hosts=config["hosts"], prefix=config["prefix"],
                             symmetric_encryption_keys=config.get("keys") or None)


async def run(config, command, args):
    layer = make_layer(config)
    if command == "group_send":
        await layer.group_send(args[0], from_json(args[1]))
        say("SENT")
    elif command == "send":
        await layer.send(args[0], from_json(args[1]))
        say("SENT")
    elif command == "join_and_receive":
        channel = await layer.new_channel()
        await layer.group_add(args[0], channel)
        say("READY", channel)
        message = await asyncio.wait_for(layer.receive(channel), float(args[1]))
        say("GOT", to_json(message))
        await layer.group_discard(args[0], channel)
    elif command == "receive":
        channel = await layer.new_channel()
        say("READY", channel)
        for _ in range(int(args[1])):
            message = await asyncio.wait_for(layer.receive(channel), float(args[0]))
            say("GOT", to_json(message))
    else:
        raise SystemExit("unknown command " + command)
    if config.get("layer") == "pubsub":
        await layer.flush()
    else:
        await layer.close_pools()


def fernet_decrypt(key, token, now, ttl):
    from cryptography.fernet import Fernet
    fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode("utf8")).digest()))
    say("PLAIN", fernet.decrypt_at_time(token.encode("ascii"), int(ttl), int(now)).hex())


def main():
    config = json.loads(sys.argv[1])
    command, args = sys.argv[2], sys.argv[3:]
    if command == "fernet_decrypt":
        fernet_decrypt(*args)
    else:
        asyncio.run(run(config, command, args))


if __name__ == "__main__":
    main()
