"""The study: measure PostgreSQL under pgbench, calibrate Headroom models from light-load facts,
forecast the latency–load curve and the saturation rate, and compare."""

import argparse
import json
import math
import os
import signal
import sys
import time

from . import calibrate, measure, model, pgbench, plot
from .server import Server


def interpolate_p99(runs, rate):
    """p99 at `rate` by log-linear interpolation between the runs either side (by offered rate)."""
    pts = sorted((r["offered"], r["p99"]) for r in runs if r["offered"] and r["p99"] > 0)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= rate <= x1:
            t = (rate - x0) / (x1 - x0) if x1 > x0 else 0
            return math.exp(math.log(y0) + t * (math.log(y1) - math.log(y0)))
    return math.nan


def relative_error(predicted, measured):
    return (predicted - measured) / measured if measured else math.nan


def predict(binary, directory, workload, facts, calibration, rates, log):
    name = f"pg-{workload}-{calibration['key']}"
    path = os.path.join(directory, name + ".yaml")
    with open(path, "w") as f:
        f.write(model.build(facts, calibration, name))
    runs = []
    for rate in rates:
        if calibration.get("curve"):
            # One model per rate, with the curve's CPU at that rate.
            at = os.path.join(directory, f"{name}-{rate:.0f}.yaml")
            with open(at, "w") as f:
                f.write(model.build(facts, calibrate.at_rate(calibration, rate), name))
            runs.append(model.simulate(binary, at, rate))
            os.remove(at)
        else:
            runs.append(model.simulate(binary, path, rate))
    saturation = max(r["throughput"] for r in runs)
    log(f"  {workload:10} model '{calibration['label']}': saturation {saturation:.0f}/s  ({path})")
    return {"label": calibration["label"], "key": calibration["key"], "model": path, "runs": runs,
            "saturation": saturation, "calibration": {k: v for k, v in calibration.items() if k != "key"}}


def measure_workload(server, workload, args, log):
    """The measurements of one workload: the light point, the second calibration point (half the
    rate today's model calls its bound), the closed-loop capacity and the open-loop runs."""
    c = args.clients
    log(f"== {workload}")
    light = measure.point(server, workload, c, args.threads, args.light_seconds, args.light_rate, "light",
                          log=log, keep_sample=True)
    # Where today's model puts the knee, by its own operational bound (cores over CPU per
    # transaction): the second calibration point is half that rate, light by the model's account.
    bound = (os.cpu_count() or 1) / (light["server_cpu_per_tx"] + light["client_cpu_per_tx"])
    second = measure.point(server, workload, c, args.threads, args.light_seconds, 0.5 * bound, "calib.",
                           log=log, keep_sample=True)
    closed = measure.point(server, workload, c, args.threads, args.seconds, None, "closed", log=log)
    capacity = closed["throughput"]
    runs = []
    for fraction in args.fractions:
        run = measure.point(server, workload, c, args.threads, args.seconds, fraction * capacity,
                            f"{fraction:.0%}", log=log)
        run["fraction"] = fraction
        runs.append(run)
    return {"workload": workload, "clients": c, "threads": args.threads, "cores": os.cpu_count() or 1,
            "light": light, "second": second, "closed": closed, "measured": runs}


def predict_workload(binary, directory, w, log):
    """Calibrates the three models from the measurements `w`, runs them at the measured rates
    (and beyond, for their saturation) and adds the predictions and errors to `w`."""
    workload = w["workload"]
    light, runs = w["light"], w["measured"]
    facts = {"cores": w["cores"], "clients": w["clients"], "threads": w["threads"],
             "server_cpu": light["server_cpu_per_tx"], "client_cpu": light["client_cpu_per_tx"],
             "latency_percentiles": light["latency_percentiles"]}
    calibrated = dict(calibrate.two_points(light, w["second"]), key="two-point-ps")
    curve = dict(calibrate.efficiency_curve(light, w["second"]), key="curve-ps")
    log(f"  {workload:10} calibration: {calibrated['how']}; {curve['how']}")
    measured_saturation = max([w["closed"]["throughput"]] + [r["throughput"] for r in runs])
    # The most offered run kept up: the capacity is above every rate tried (a lower bound).
    highest = max(runs, key=lambda r: r["offered"])
    w["saturation_reached"] = highest["throughput"] < 0.97 * highest["offered"]
    at70 = 0.7 * measured_saturation
    measured_p99_70 = interpolate_p99(runs, at70)
    offered = sorted({r["offered"] for r in runs} | {at70})
    top = max(offered)
    model_rates = offered + [top * 1.5, top * 2.5, top * 4]
    predictions = []
    waking = dict(calibrate.dispatcher(light), key="light-waking")
    log(f"  {workload:10} calibration: {waking['how']}")
    for calibration in (dict(calibrate.light(light), key="light-fifo"),
                        dict(calibrate.light_ps(light), key="light-ps"), waking, calibrated, curve):
        p = predict(binary, directory, workload, facts, calibration, model_rates, log)
        p70 = next(r["p99"] for r in p["runs"] if r["offered"] == at70)
        p["p99_at_70"] = p70
        p["saturation_error"] = relative_error(p["saturation"], measured_saturation)
        p["p99_at_70_error"] = relative_error(p70, measured_p99_70)
        p["runs"] = [r for r in p["runs"] if r["offered"] != at70 and r["offered"] <= top]
        predictions.append(p)
    w.update(measured_saturation=measured_saturation, rate_at_70=at70, measured_p99_at_70=measured_p99_70,
             predictions=predictions)
    return w


def summary(results, log):
    log("")
    log("workload    calibration                        saturation: measured  predicted  error   "
        "p99 at 70%: measured  predicted  error")
    for w in results["workloads"]:
        for p in w["predictions"]:
            log(f"{w['workload']:11} {p['label']:34} {w['measured_saturation']:17.0f}/s {p['saturation']:9.0f}/s "
                f"{p['saturation_error']:+6.0%}   {w['measured_p99_at_70'] * 1e3:17.2f} ms {p['p99_at_70'] * 1e3:7.2f} ms "
                f"{p['p99_at_70_error']:+6.0%}")
    for w in results["workloads"]:
        if not w["saturation_reached"]:
            log(f"{w['workload']}: the most offered run kept up; the measured saturation is only a lower bound")
    log("goal: saturation within 15 %, p99 at 70 % of saturation within 30 %")
    log(f"machine: {results['cores']} cores shared with pgbench; others used {results['other_busy_cores']:.2f} cores "
        f"on average meanwhile (load average {results['loadavg_start']:.1f} at the start)")


def main(argv=None):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    parser = argparse.ArgumentParser(prog="validation/postgres/run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced check: 3 rates, 8 s runs, small scale")
    parser.add_argument("--out", help="where results go (default validation/postgres/results, "
                                      "results-quick with --quick, so a check never overwrites the recorded run)")
    parser.add_argument("--workloads", default="read-only,read-write")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=20, help="length of each load run")
    parser.add_argument("--light-rate", type=float, default=100.0, help="transactions/s of the light point")
    parser.add_argument("--light-seconds", type=int, default=20)
    parser.add_argument("--measurements", help="predict from a saved measurements.json instead of measuring")
    parser.add_argument("--fractions", default="0.1,0.3,0.5,0.6,0.7,0.8,0.9,1.0,1.25,1.6,2.0",
                        help="offered rates as fractions of the closed-loop capacity")
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the throw-away server is stopped and deleted.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.quick:
        args.seconds, args.light_seconds, args.scale = 8, 8, 2
        args.fractions = "0.3,0.7,1.2"
    args.fractions = [float(f) for f in args.fractions.split(",")]
    if not args.out:
        args.out = os.path.join(root, "validation", "postgres", "results-quick" if args.quick else "results")
    os.makedirs(args.out, exist_ok=True)
    binary = model.headroom_binary(root)

    def log(line):
        print(line, flush=True)

    if args.measurements:
        with open(args.measurements) as f:
            results = json.load(f)
        log(f"measurements from {args.measurements} ({results['started']})")
    else:
        results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cores": os.cpu_count(),
                   "loadavg_start": measure.loadavg(), "args": {k: v for k, v in vars(args).items() if k != "out"},
                   "workloads": []}
        with Server(max_connections=max(40, args.clients + 10)) as server:
            log(f"PostgreSQL on 127.0.0.1:{server.port} ({server.bin}), pgbench -c {args.clients} -j {args.threads}, "
                f"scale {args.scale}")
            pgbench.initialize(server, args.scale)
            for workload in args.workloads.split(","):
                results["workloads"].append(measure_workload(server, workload, args, log))
        all_runs = [r for w in results["workloads"] for r in w["measured"] + [w["light"], w["closed"]]]
        results["other_busy_cores"] = sum(r["other_busy_cores"] for r in all_runs) / len(all_runs)
        results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with open(os.path.join(args.out, "measurements.json"), "w") as f:
            json.dump(results, f, indent=1)
    for w in results["workloads"]:
        predict_workload(binary, args.out, w, log)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1, default=float)
    plot.svg(results["workloads"], os.path.join(args.out, "p99-vs-throughput.svg"))
    summary(results, log)
    log(f"written: {args.out}/measurements.json, results.json, p99-vs-throughput.svg and the models")
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
