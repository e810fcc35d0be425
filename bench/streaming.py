#!/usr/bin/env python3
"""Resident vs streaming on one model, in one run: the README's layer-streaming table.

Usage: bench/streaming.py MODEL [--threads 2] [--gen-tokens 16] [--prompt-tokens 32] [--cold]

Budgets are passed to --budget in bytes, sized from the model file (1.2, 0.5 and 0.25 times it; a budget
covers weights, KV cache and scratch), and labelled in bytes: --budget 25% would mean a share of RAM. Warm rows
run with the file in the page cache; --cold adds rows that drop it first (posix_fadvise) and read with
mmap and with O_DIRECT, each related to the disk's measured read speed.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench(model, args, extra):
    cmd = [os.path.join(ROOT, "cairn"), "bench", "--model", model, "--threads", str(args.threads),
           "--prompt-tokens", str(args.prompt_tokens), "--gen-tokens", str(args.gen_tokens), "--json"] + extra
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--prompt-tokens", type=int, default=32)
    p.add_argument("--gen-tokens", type=int, default=16)
    p.add_argument("--cold", action="store_true")
    args = p.parse_args()
    size = os.path.getsize(args.model)
    subprocess.run(["cat", args.model], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
    rows = [("resident", ["--residency", "resident"])]
    for times in (1.2, 0.5, 0.25):
        budget = int(size * times)
        rows.append((f"streaming, {budget / 1e6:.0f} MB budget ({times}× the file)",
                     ["--residency", "streaming", "--budget", str(budget)]))
    if args.cold:
        budget = int(size * 0.25)
        for mode in ("mmap", "direct"):
            rows.append((f"streaming, {budget / 1e6:.0f} MB budget, cold ({mode})",
                         ["--residency", "streaming", "--budget", str(budget), "--read-mode", mode, "--drop-caches",
                          "--disk-probe"]))
    print(f"model {args.model} ({size / 1e9:.2f} GB), {args.threads} threads, "
          f"{args.prompt_tokens} prompt + {args.gen_tokens} decoded tokens")
    print("| run | decode tok/s | × resident | read per token | sync loads/token | I/O wait | peak RSS | disk-bound share |")
    print("|---|---|---|---|---|---|---|---|")
    resident = None
    for label, extra in rows:
        j = bench(args.model, args, extra)
        t = j["decode_layer_traffic"]
        rate = j["decode_tokens_per_second"]
        resident = resident or rate
        disk = t.get("share_of_disk_bound")
        disk_text = f"{disk:.2f} of {t['disk_read_bytes_per_second'] / 1e6:.0f} MB/s" if disk is not None else ""
        print(f"| {label} | {rate:.2f} | {rate / resident:.2f} | {t['bytes_read_per_token'] / 1e6:.0f} MB "
              f"| {t['sync_loads_per_token']:.2f} | {100 * t['io_wait_share']:.0f}% "
              f"| {j['peak_rss_bytes'] / 1e6:.0f} MB | {disk_text} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
