"""pgbench runs: open loop (`--rate`, Poisson arrivals) or closed loop, one per-transaction log.

With `--rate`, pgbench schedules transactions as a Poisson process and each transaction's logged
latency counts from its scheduled start, so time spent waiting for one of the `clients`
connections (schedule lag) is part of it: the latency an open-loop user sees.
"""

import glob
import math
import os
import shutil
import subprocess
import tempfile

from . import server as pg

# The two workloads: pgbench's built-in scripts.
WORKLOADS = {
    "read-only": "select-only",      # one primary-key SELECT on pgbench_accounts
    "read-write": "simple-update",   # UPDATE accounts, SELECT, INSERT history; one commit (WAL flush)
}


def percentile(sorted_values, q):
    """Linear interpolation between order statistics (q in [0, 1])."""
    if not sorted_values:
        return math.nan
    pos = q * (len(sorted_values) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def initialize(server, scale):
    subprocess.run([server.pgbench_binary(), "-i", "-q", "-s", str(scale)] + server.pgbench_args(),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(server, workload, clients, threads, seconds, rate=None, warmup=2.0):
    """One pgbench run. Returns a dict: offered rate, achieved throughput (/s, after `warmup`
    seconds), latency percentiles (seconds), CPU seconds of the server, of pgbench and of the
    whole machine over the run, and the number of transactions measured."""
    logdir = tempfile.mkdtemp(prefix="headroom-pgbench-")
    argv = [server.pgbench_binary(), "-n", "-b", WORKLOADS[workload], "-c", str(clients),
            "-j", str(threads), "-T", str(seconds), "--log", "--log-prefix", os.path.join(logdir, "tx")]
    if rate is not None:
        argv += ["--rate", f"{rate:.3f}"]
    argv += server.pgbench_args()
    server_before = server.cpu_seconds()
    busy_before, total_before = pg.machine_cpu()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode(errors="replace")
    err = proc.stderr.read().decode(errors="replace")
    pg.wait_reaped()
    server_after = server.cpu_seconds()
    busy_after, total_after = pg.machine_cpu()
    if proc.returncode != 0:
        shutil.rmtree(logdir, ignore_errors=True)
        raise RuntimeError(f"pgbench failed ({proc.returncode}): {err.strip()[-400:]}")

    latencies = []
    first = None
    stamps = []
    for path in glob.glob(os.path.join(logdir, "tx*")):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 6 or parts[2] == "skipped":
                    continue
                end = int(parts[4]) + int(parts[5]) / 1e6
                stamps.append((end, int(parts[2]) / 1e6))
    shutil.rmtree(logdir, ignore_errors=True)
    stamps.sort()
    if stamps:
        first = stamps[0][0] - stamps[0][1]
    measured = [(end, lat) for end, lat in stamps if end - lat >= first + warmup]
    latencies = sorted(lat for _, lat in measured)
    span = (stamps[-1][0] - (first + warmup)) if stamps else 0.0
    hz = os.sysconf("SC_CLK_TCK")
    return {
        "workload": workload,
        "offered": rate,
        "clients": clients,
        "threads": threads,
        "seconds": seconds,
        "transactions": len(latencies),
        "all_transactions": len(stamps),
        "throughput": len(measured) / span if span > 0 else math.nan,
        "mean": sum(latencies) / len(latencies) if latencies else math.nan,
        "p50": percentile(latencies, 0.50),
        "p90": percentile(latencies, 0.90),
        "p99": percentile(latencies, 0.99),
        "server_cpu": server_after - server_before,
        "client_cpu": usage.ru_utime + usage.ru_stime,
        "machine_busy": (busy_after - busy_before) / hz,
        "machine_total": (total_after - total_before) / hz,
        "wall": (total_after - total_before) / hz / pg.cpu_count(),
        "latency_sample": latencies,
        "pgbench_summary": out.strip().splitlines()[-6:],
    }
