#!/usr/bin/python3
"""Summarizes benchmark results: medians over runs, their spread, and ratios between servers.

  summarize.py results.jsonl      -> markdown tables on stdout
  ... | summarize.py --brief      -> one line for a RESULT line read on stdin
  summarize.py --check results.jsonl -> the smoke verdict: every run gave a result, and
                                        channels4j lost nothing (but under overload, where every
                                        loss must be counted by the server) and leaked nothing
"""
import json
import statistics
import sys

# scenario kind -> (metric, label, higher_is_better)
METRICS = {
    "fanout": [
        ("deliveries_per_s", "deliveries/s", True),
        ("ramp_clean_sends_per_s", "highest clean paced sends/s", True),
        ("lost", "lost", False),
        ("duplicates", "dup", False),
        ("out_of_order", "out of order", False),
        ("latency_ms_p50", "p50 ms", False),
        ("latency_ms_p99", "p99 ms", False),
        ("latency_ms_max", "max ms", False),
        ("server_cpu_us_per_delivery", "server CPU µs/delivery", False),
        ("server_cpu_pct", "server CPU %", None),
        ("client_cpu_pct", "generator CPU %", None),
        ("server_dropped", "server counted dropped", None),
        ("sender_cpu_us_per_send", "Python sender CPU µs/send", None),
    ],
    "pingpong": [
        ("round_trips_per_s", "round trips/s", True),
        ("latency_ms_p50", "p50 ms", False),
        ("latency_ms_p99", "p99 ms", False),
        ("server_cpu_us_per_round_trip", "server CPU µs/round trip", False),
        ("client_cpu_pct", "generator CPU %", None),
    ],
    "connect": [
        ("connections", "connections", True),
        ("failed", "failed", False),
        ("connections_per_s", "connections/s", True),
        ("server_kib_per_connection", "server KiB/connection", False),
        ("server_cpu_us_per_connection", "server CPU µs/connection", False),
        ("client_cpu_pct", "generator CPU %", None),
    ],
    "churn": [
        ("iterations_per_s", "iterations/s", True),
        ("completed", "completed", True),
        ("leak_free", "leak free", None),
        ("after_groups", "groups after", False),
        ("after_channels", "channels after", False),
        ("client_cpu_pct", "generator CPU %", None),
    ],
}
HEADLINE = {"fanout": "deliveries_per_s", "pingpong": "round_trips_per_s", "connect": "connections_per_s",
            "churn": "iterations_per_s"}


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float):
        if abs(v) >= 100:
            return f"{v:,.0f}"
        return f"{v:.3g}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def brief(line):
    r = json.loads(line[line.index("{"):])
    kind = r.get("scenario")
    parts = []
    if "error" in r:
        parts.append("ERROR " + r["error"])
    for key, label, _ in METRICS.get(kind, []):
        if key in r:
            parts.append(f"{label}={fmt(r[key])}")
    return f"{kind}: " + ", ".join(parts)


def med(values):
    values = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not values:
        return None, None, None
    return statistics.median(values), min(values), max(values)


def main(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    scenarios = []
    for r in rows:
        if r["scenario_name"] not in scenarios:
            scenarios.append(r["scenario_name"])
    print("# Benchmark summary\n")
    print("Median of the runs, with [min - max] when there is more than one run. Ratios compare the")
    print("medians of channels4j with the raw baseline and with Django Channels (in-memory layer) of the")
    print("same run. Load: 1-minute load average before / after each run.\n")
    all_medians = {}
    for name in scenarios:
        runs = [r for r in rows if r["scenario_name"] == name]
        ok = [r for r in runs if "scenario" in r]
        if not ok:
            print(f"## {name}\n\nno results\n")
            continue
        kind = ok[0]["scenario"]
        args = " ".join(f"--{k[4:].replace('_', '-')} {v}" for k, v in ok[0].items()
                        if k.startswith("arg_") and k not in ("arg_url", "arg_stats", "arg_server_pid", "arg_jvm_gc"))
        print(f"## {name}\n\n`{kind} {args}`\n")
        servers = []
        for r in runs:
            if r["server"] not in servers:
                servers.append(r["server"])
        metrics = METRICS[kind]
        print("| server | runs | " + " | ".join(m[1] for m in metrics) + " | load before/after |")
        print("|---" * (len(metrics) + 3) + "|")
        medians = {}
        for s in servers:
            rs = [r for r in ok if r["server"] == s]
            skipped = [r for r in runs if r["server"] == s and "scenario" not in r]
            if not rs:
                why = skipped[0].get("skipped") or skipped[0].get("error") if skipped else "no result"
                print(f"| {s} | 0 | " + " | ".join("-" for _ in metrics) + f" | {why} |")
                continue
            cells = []
            for key, _, _ in metrics:
                vals = [r.get(key) for r in rs]
                if all(isinstance(v, bool) for v in vals if v is not None) and any(v is not None for v in vals):
                    cells.append(fmt(all(v for v in vals if v is not None)))
                    continue
                m, lo, hi = med(vals)
                medians.setdefault(s, {})[key] = m
                cell = fmt(m)
                if len(rs) > 1 and m is not None and lo != hi:
                    cell += f" [{fmt(lo)} - {fmt(hi)}]"
                cells.append(cell)
            errors = [r["error"] for r in rs if "error" in r]
            loads = ", ".join(f"{r.get('load1_before')}/{r.get('load1_after')}" + (" noisy" if r.get("noisy") else "")
                              for r in rs)
            print(f"| {s} | {len(rs)} | " + " | ".join(cells) + f" | {loads}{' ERR: ' + errors[0] if errors else ''} |")
        all_medians[name] = medians
        ratios = []
        for me, other in (("channels4j", "raw"), ("channels4j", "django-memory"), ("channels4j", "django-redis"),
                          ("channels4j-redis", "django-redis"), ("channels4j", "channels4j-baseline")):
            mine, theirs = medians.get(me), medians.get(other)
            if mine and theirs:
                for key, label, higher in metrics:
                    if higher is None or key not in mine or key not in theirs:
                        continue
                    a, b = mine[key], theirs[key]
                    if a is None or b is None or b == 0 or key in ("lost", "failed", "duplicates", "out_of_order",
                                                                   "after_groups", "after_channels", "completed",
                                                                   "connections"):
                        continue
                    ratios.append(f"{label}: {me} / {other} = {a / b:.2f}")
        if ratios:
            print("\nRatios (medians): " + "; ".join(ratios) + ".")
        print()
    pair_ratios(all_medians)


PAIR_KEYS = ("deliveries_per_s", "ramp_clean_sends_per_s", "latency_ms_p50", "latency_ms_p99", "server_cpu_us_per_delivery")
LABELS = {key: label for key, label, _ in METRICS["fanout"]}


def pair_ratios(all_medians):
    """redis-java-X against redis-python-X: the same room, group-sent by Java consumers or by Python."""
    lines = []
    for name, by_server in all_medians.items():
        if not name.startswith("redis-java-"):
            continue
        python = all_medians.get("redis-python-" + name[len("redis-java-"):], {})
        for server, java in by_server.items():
            py = python.get(server)
            if not py:
                continue
            parts = []
            for key in PAIR_KEYS:
                a, b = java.get(key), py.get(key)
                if a is not None and b:
                    parts.append(f"{LABELS[key]} {a / b:.2f}")
            if parts:
                lines.append(f"- {name[len('redis-java-'):]} on {server}: Java sends / Python sends = " + ", ".join(parts))
    if lines:
        print("## Group sends from Java consumers against group sends from Python (channels_redis)\n")
        print("\n".join(lines))
        print()


def check(path):
    passed, failed = 0, 0
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line)
        problems = []
        if "scenario" not in r:
            problems.append(r.get("error") or r.get("skipped") or "no result")
        elif "error" in r:
            problems.append(r["error"])
        elif r["server"].startswith("channels4j"):
            overload = r["scenario_name"] == "overload"
            if r["scenario"] == "fanout" and not overload and (r["lost"] or r["duplicates"] or r["out_of_order"]):
                problems.append(f"lost {r['lost']}, duplicates {r['duplicates']}, out of order {r['out_of_order']}")
            if overload and "server_dropped" in r and r["lost"] != r["server_dropped"]:
                problems.append(f"lost {r['lost']} but the server counted {r.get('server_dropped')} dropped")
            if r["scenario"] == "churn" and r.get("leak_free") is not True:
                problems.append("groups or channels left after churn")
            if r["scenario"] == "connect" and r.get("failed"):
                problems.append(f"{r['failed']} connections failed: {r.get('failures')}")
        name = f"{r['scenario_name']} on {r['server']} (run {r.get('run')})"
        if problems:
            failed += 1
            print(f"FAIL {name}: {'; '.join(problems)}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"smoke: {passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    if len(sys.argv) > 1 and sys.argv[1] == "--brief":
        print(brief(sys.stdin.read().strip()))
    elif len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        print(__doc__)
        sys.exit(2)
