"""The measurements of the study: a light-load point, a closed-loop capacity run and open-loop
runs at increasing rates, for one workload, with what else the machine was doing."""

import os

from . import pgbench


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def facts(run, cores):
    """What a run says about CPU: seconds per transaction of the server and of pgbench, the
    cores they kept busy, and the cores other processes used meanwhile (the noise)."""
    total = max(run["all_transactions"], 1)
    busy_ours = (run["server_cpu"] + run["client_cpu"]) / run["wall"]
    other = max(0.0, run["machine_busy"] / run["wall"] - busy_ours)
    return {
        "server_cpu_per_tx": run["server_cpu"] / total,
        "client_cpu_per_tx": run["client_cpu"] / total,
        "busy_cores": busy_ours,
        "other_busy_cores": other,
        "cores": cores,
    }


def point(server, workload, clients, threads, seconds, rate, label, log=print, keep_sample=False):
    """One measured point (rate None: closed loop)."""
    before = loadavg()
    run = pgbench.run(server, workload, clients, threads, seconds, rate=rate)
    run.update(facts(run, os.cpu_count() or 1))
    run["label"] = label
    run["loadavg_before"] = before
    run["loadavg_after"] = loadavg()
    sample = run.pop("latency_sample")
    if keep_sample:
        qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0]
        run["latency_percentiles"] = {str(q): pgbench.percentile(sample, q) for q in qs}
    log(f"  {workload:10} {label:>8} offered {('%.0f/s' % rate) if rate else 'closed':>9}  "
        f"got {run['throughput']:8.1f}/s  p50 {run['p50']*1e3:7.2f} ms  p99 {run['p99']*1e3:8.2f} ms  "
        f"cpu/tx srv {run['server_cpu_per_tx']*1e6:6.1f} us cli {run['client_cpu_per_tx']*1e6:6.1f} us  "
        f"others {run['other_busy_cores']:.2f} cores  load {before:.1f}")
    return run
