#!/usr/bin/python3
"""Sends the load generator's chat messages to rooms with channels_redis's group_send.

The generator's fanout scenario starts this with --group-sender and drives it over stdin/stdout,
so the messages a room's sockets receive come from a Python process instead of from other
sockets. Usage:

  group_sender.py [--redis-url redis://127.0.0.1:6379] [--prefix asgi] [--group-prefix chat_bench]

Prints "ready" once connected, then answers each command line:

  send <sender_base> <rooms> <senders> <k> <rate> <seconds> <pad_length>

with "sent <count> <max_lag_ms>" when done. Each of rooms x senders virtual senders sends up to k
messages "<sender_base + room*senders + s>:<seq>:<monotonic ns>:<pad>" to group
"<group_prefix><room>" as {"type": "chat.message", "message": ...}, one at a time, so each
sender's order is kept. rate > 0 paces the total (message i of the round robin is due at
i / rate seconds and carries its due time); rate 0 sends as fast as the layer allows and stops
after <seconds> (0: after k each). time.monotonic_ns() is the clock of Java's System.nanoTime()
on Linux (CLOCK_MONOTONIC), so the generator reads latency from the same clock.
"""
import argparse
import asyncio
import sys
import time

from channels_redis.core import RedisChannelLayer


async def sender(layer, group, sender_id, index, all_senders, k, rate, t0, stop_at, pad, lags):
    sent = 0
    for seq in range(k):
        if rate > 0:
            due = t0 + int((seq * all_senders + index) * 1e9 / rate)
            now = time.monotonic_ns()
            if due > now:
                await asyncio.sleep((due - now) / 1e9)
            else:
                lags.append(now - due)
            stamp = due
        else:
            stamp = time.monotonic_ns()
            if stop_at and stamp >= stop_at:
                break
        await layer.group_send(group, {"type": "chat.message", "message": f"{sender_id}:{seq}:{stamp}:{pad}"})
        sent += 1
    return sent


async def run_command(layer, group_prefix, words):
    base, rooms, senders, k = (int(w) for w in words[1:5])
    rate, seconds = float(words[5]), float(words[6])
    pad = "x" * int(words[7])
    all_senders = rooms * senders
    t0 = time.monotonic_ns()
    stop_at = t0 + int(seconds * 1e9) if rate <= 0 and seconds > 0 else 0
    lags = [0]
    tasks = []
    for room in range(rooms):
        for s in range(senders):
            index = room * senders + s
            tasks.append(sender(layer, f"{group_prefix}{room}", base + index, index, all_senders, k, rate,
                                t0, stop_at, pad, lags))
    counts = await asyncio.gather(*tasks)
    return f"sent {sum(counts)} {max(lags) / 1e6:.3f}"


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379")
    parser.add_argument("--prefix", default="asgi")
    parser.add_argument("--group-prefix", default="chat_bench")
    args = parser.parse_args()
    layer = RedisChannelLayer(hosts=[args.redis_url], prefix=args.prefix)
    await layer.group_discard(f"{args.group_prefix}probe", "probe.ready")  # connects, or fails now
    loop = asyncio.get_running_loop()
    print("ready", flush=True)
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        words = line.split()
        if len(words) == 8 and words[0] == "send":
            print(await run_command(layer, args.group_prefix, words), flush=True)
        else:
            print(f"error: expected 'send <sender_base> <rooms> <senders> <k> <rate> <seconds> <pad_length>',"
                  f" got {line.strip()!r}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
