#!/usr/bin/python3
"""Deterministic benchmark data for the formats and engine benchmarks.

Writes, into OUT_DIR:
  orders.csv      --orders rows (default 1,000,000; about 87 bytes a row), TPC-H-like columns:
                  o_orderkey, o_custkey, o_orderstatus, o_totalprice (2 decimals), o_orderdate,
                  o_orderpriority, o_clerk, o_shippriority, o_comment (sometimes quoted: commas,
                  doubled quotes; about 1% empty)
  customers.csv   orders/10 rows: c_custkey, c_name, c_address, c_nationkey, c_phone, c_acctbal,
                  c_mktsegment, c_comment
  events.jsonl    --events rows (default = --orders): nested JSON lines (a struct with a list,
                  a list of structs, fields sometimes missing or null, ints and floats mixed)

The same --seed gives byte-identical files (numpy's PCG64, Python's json).
Usage: bench/formats/generate_data.py OUT_DIR [--orders N] [--events N] [--seed S] [--only orders|customers|events]
"""
import argparse
import json
import os
import sys

import numpy as np

CHUNK = 200_000
WORDS = np.array(("carefully final deposits detect slyly agai furiously regular requests haggle "
                  "blithely ironic accounts sleep quickly express packages boost pending theodolites "
                  "nag fluffily even instructions wake bold foxes unusual pinto beans").split())
PRIORITIES = np.array(["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"])
SEGMENTS = np.array(["AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"])
EVENT_TYPES = ["view", "click", "add_to_cart", "purchase", "signup"]
COUNTRIES = ["DE", "FR", "US", "JP", "BR", "IN", "GB", "ES"]
TAGS = ["new", "vip", "mobile", "returning", "beta"]
EPOCH_1992 = np.datetime64("1992-01-01")


def comments(rng, n):
    """2-4 words; about 10% with a comma (quoted), 1% with a quote (quoted and doubled), 1% empty."""
    counts = rng.integers(2, 5, n)
    picks = rng.integers(0, len(WORDS), (n, 4))
    kinds = rng.random(n)
    out = []
    for i in range(n):
        text = " ".join(WORDS[picks[i, :counts[i]]])
        k = kinds[i]
        if k < 0.01:
            text = ""
        elif k < 0.02:
            text = '"' + text.replace(" ", ' ""', 1) + '"" ok"'
        elif k < 0.12:
            text = '"' + text.replace(" ", ", ", 1) + '"'
        out.append(text)
    return out


def write_orders(path, rows, seed):
    rng = np.random.Generator(np.random.PCG64(seed))
    customers = max(1, rows // 10)
    with open(path, "w", newline="") as f:
        f.write("o_orderkey,o_custkey,o_orderstatus,o_totalprice,o_orderdate,o_orderpriority,o_clerk,"
                "o_shippriority,o_comment\n")
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            keys = np.arange(start + 1, start + n + 1)
            cust = rng.integers(1, customers + 1, n)
            status = rng.choice(np.array(["O", "F", "P"]), n, p=[0.49, 0.49, 0.02])
            cents = rng.integers(90000, 50000000, n)
            days = rng.integers(0, 2405, n)
            dates = (EPOCH_1992 + days.astype("timedelta64[D]")).astype(str)
            prio = PRIORITIES[rng.integers(0, 5, n)]
            clerk = rng.integers(1, 1001, n)
            text = comments(rng, n)
            lines = [f"{keys[i]},{cust[i]},{status[i]},{cents[i] // 100}.{cents[i] % 100:02d},{dates[i]},{prio[i]},"
                     f"Clerk#{clerk[i]:09d},0,{text[i]}\n" for i in range(n)]
            f.write("".join(lines))


def write_customers(path, rows, seed):
    rng = np.random.Generator(np.random.PCG64(seed + 1))
    with open(path, "w", newline="") as f:
        f.write("c_custkey,c_name,c_address,c_nationkey,c_phone,c_acctbal,c_mktsegment,c_comment\n")
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            nation = rng.integers(0, 25, n)
            phone = rng.integers(100, 1000, (n, 3))
            balance = rng.integers(-99999, 999999, n)
            segment = SEGMENTS[rng.integers(0, 5, n)]
            street = rng.integers(1, 9999, n)
            text = comments(rng, n)
            lines = []
            for i in range(n):
                key = start + i + 1
                sign = "-" if balance[i] < 0 else ""
                b = abs(int(balance[i]))
                lines.append(f"{key},Customer#{key:09d},\"{street[i]} {WORDS[street[i] % len(WORDS)]} street\","
                             f"{nation[i]},{nation[i] + 10}-{phone[i, 0]}-{phone[i, 1]}-{phone[i, 2]}{phone[i, 0] % 10},"
                             f"{sign}{b // 100}.{b % 100:02d},{segment[i]},{text[i]}\n")
            f.write("".join(lines))


def write_events(path, rows, seed):
    rng = np.random.Generator(np.random.PCG64(seed + 2))
    base = 1_704_067_200_000  # 2024-01-01T00:00:00Z in milliseconds
    with open(path, "w") as f:
        for start in range(0, rows, CHUNK):
            n = min(CHUNK, rows - start)
            millis = base + np.sort(rng.integers(0, 90 * 86_400_000, n))
            kinds = rng.integers(0, len(EVENT_TYPES), n)
            users = rng.integers(1, 100_000, n)
            countries = rng.integers(0, len(COUNTRIES), n)
            tag_counts = rng.integers(0, 3, n)
            tag_picks = rng.integers(0, len(TAGS), (n, 2))
            item_counts = rng.integers(0, 4, n)
            skus = rng.integers(1, 5000, (n, 3))
            qty = rng.integers(1, 6, (n, 3))
            prices = rng.integers(99, 99999, (n, 3))
            shape = rng.random(n)
            out = []
            for i in range(n):
                ms = int(millis[i])
                stamp = np.datetime64(ms, "ms").astype(str) + "Z"
                kind = EVENT_TYPES[kinds[i]]
                record = {
                    "event_id": start + i + 1,
                    "ts": stamp,
                    "type": kind,
                    "user": {"id": int(users[i]), "country": COUNTRIES[countries[i]],
                             "tags": [TAGS[t] for t in tag_picks[i, :tag_counts[i]]]},
                }
                if kind in ("add_to_cart", "purchase"):
                    record["items"] = [{"sku": f"SKU-{skus[i, k]:05d}", "qty": int(qty[i, k]),
                                        "price": int(prices[i, k]) / 100} for k in range(item_counts[i])]
                    # Whole-number amounts are written as integers: int with float unifies to double.
                    total = sum(int(qty[i, k]) * int(prices[i, k]) for k in range(item_counts[i]))
                    record["amount"] = total // 100 if total % 100 == 0 else total / 100
                elif shape[i] < 0.3:
                    record["amount"] = None
                if shape[i] > 0.95:
                    record["session"] = f"s{ms % 99991}"
                out.append(json.dumps(record, separators=(",", ":")))
            f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=None)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--only", choices=["orders", "customers", "events"])
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    events = args.events if args.events is not None else args.orders
    if args.only in (None, "orders"):
        write_orders(os.path.join(args.out_dir, "orders.csv"), args.orders, args.seed)
    if args.only in (None, "customers"):
        write_customers(os.path.join(args.out_dir, "customers.csv"), max(1, args.orders // 10), args.seed)
    if args.only in (None, "events"):
        write_events(os.path.join(args.out_dir, "events.jsonl"), events, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
