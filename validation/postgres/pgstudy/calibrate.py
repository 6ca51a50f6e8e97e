"""Calibration of the host's CPU from measured points (inside the study; not a Headroom command).

One light point gives CPU per transaction by the utilization law (CPU seconds / transactions):
today's model takes it as the work of every transaction at every load.

Two points separate a base cost from a wake-up cost. A transaction's CPU is modelled as a base
d₀ plus a wake-up w for each of its two visits to the host (pgbench's and the backend's) that
finds a core idle, the cost of waking a sleeping core and process that a busy machine does not
pay (docs/theory.md §16.3). A visit finds an idle core with probability P(n < c), taken as
1 − C(c, a) (Erlang C, PASTA) with a the cores the run kept busy. So
    D(point) = d₀ + 2·w·(1 − C(c, a(point)))
is linear in (d₀, w), and two points with different idle probabilities solve it. The rest of
the latency (not CPU) is taken from the second point's latency distribution.

An efficiency curve is the other reading of two points: CPU per transaction falling as a power
of the throughput X, D(X) = D₁·(X/X₁)^(−β), β = ln(D₁/D₂)/ln(X₂/X₁) (clamped to [0, 0.95]),
and likewise the rest of the latency (what is not CPU: mostly processes waiting to be scheduled
after a wake-up, on a busy machine), with its own exponent γ. The engine has no such curve: the
study builds one model per rate with that rate's CPU and delay.
"""

import math


def erlang_c(c, a):
    """Probability that an arrival waits in M/M/c at offered load a (busy servers), 0 ≤ a < c."""
    if a <= 0:
        return 0.0
    if a >= c:
        return 1.0
    term = 1.0
    total = 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c
    last_waits = last * c / (c - a)
    return last_waits / (total + last_waits)


def idle_probability(point):
    return 1.0 - erlang_c(point["cores"], min(point["busy_cores"], point["cores"] - 1e-6))


def light(point):
    """Today's calibration: the light point's CPU per transaction, no wake-up."""
    return {"label": "one light point, FIFO cores", "discipline": "fifo",
            "server_cpu": point["server_cpu_per_tx"], "client_cpu": point["client_cpu_per_tx"], "wakeup": None}


def light_ps(point):
    """The light point's CPU per transaction on processor-sharing cores."""
    calibration = light(point)
    calibration.update(label="one light point, PS cores", discipline="ps")
    return calibration


def two_points(first, second):
    """Base CPU and wake-up from two points; falls back to the second point's CPU per
    transaction (no wake-up) when their idle probabilities are too close to separate them."""
    d1 = first["server_cpu_per_tx"] + first["client_cpu_per_tx"]
    d2 = second["server_cpu_per_tx"] + second["client_cpu_per_tx"]
    p1, p2 = idle_probability(first), idle_probability(second)
    share = second["server_cpu_per_tx"] / d2 if d2 > 0 else 0.5
    if abs(p1 - p2) >= 0.05 and d1 > d2:
        w = (d1 - d2) / (2 * (p1 - p2))
        base = max(d1 - 2 * w * p1, 0.05 * d2)
        how = f"two points: base {base * 1e6:.1f} us, wake-up {w * 1e6:.1f} us per visit"
    else:
        w = 0.0
        base = d2
        how = "two points (idle probabilities too close): the second point's CPU, no wake-up"
    return {"label": "two points, PS cores + wake-up", "discipline": "ps",
            "server_cpu": base * share, "client_cpu": base * (1 - share), "wakeup": w or None,
            "latency_percentiles": second.get("latency_percentiles"),
            "how": how, "idle": [p1, p2], "cpu_per_tx": [d1, d2]}


def power(first_value, second_value, x1, x2):
    """β of value ∝ X^(−β) through two points, clamped to [0, 0.95]."""
    if not (x2 > x1 and first_value > 0 and second_value > 0):
        return 0.0
    return min(max(math.log(first_value / second_value) / math.log(x2 / x1), 0.0), 0.95)


def efficiency_curve(first, second):
    """Power-law curves through two points, for the CPU per transaction and for the rest of the
    latency (its mean beyond the CPU): both fall as load rises on a real host."""
    d1 = first["server_cpu_per_tx"] + first["client_cpu_per_tx"]
    d2 = second["server_cpu_per_tx"] + second["client_cpu_per_tx"]
    x1, x2 = first["throughput"], min(second["throughput"], second["offered"] or second["throughput"])
    beta = power(d1, d2, x1, x2)
    rest1, rest2 = max(first["mean"] - d1, 1e-9), max(second["mean"] - d2, 1e-9)
    # An overloaded second point's latency is queueing, not the rest: no curve for the rest then.
    kept_up = second["throughput"] >= 0.97 * (second["offered"] or 0)
    gamma = power(rest1, rest2, x1, x2) if kept_up else 0.0
    return {"label": "two points, PS cores, efficiency curves", "discipline": "ps",
            "server_cpu": first["server_cpu_per_tx"], "client_cpu": first["client_cpu_per_tx"], "wakeup": None,
            "curve": {"beta": beta, "gamma": gamma, "rate": x1},
            "how": f"two points: CPU per transaction ∝ X^-{beta:.2f} from {d1 * 1e6:.0f} us at {x1:.0f}/s, "
                   f"the rest of the latency ∝ X^-{gamma:.2f}"}


def at_rate(calibration, rate):
    """The calibration's CPU figures at `rate` (unchanged without a curve)."""
    curve = calibration.get("curve")
    if not curve:
        return calibration
    ratio = max(rate, curve["rate"]) / curve["rate"]
    factor = ratio ** (-curve["beta"])
    scaled = dict(calibration)
    scaled["server_cpu"] = calibration["server_cpu"] * factor
    scaled["client_cpu"] = calibration["client_cpu"] * factor
    scaled["delay_scale"] = ratio ** (-curve.get("gamma", 0.0))
    return scaled


def welch_response(lam, d, w):
    """Mean response of M/M/1 (mean work d) with a wake-up w paid by arrivals that find it idle
    (Welch's exceptional first service, docs/theory.md §16.3), seconds; +inf when unstable."""
    rho = lam * d
    if rho >= 1:
        return math.inf
    rho0 = lam * (d + w)
    idle = (1 - rho) / (1 - rho + rho0)
    s2 = 2 * d * d
    s02 = s2 + 2 * w * d + w * w
    wait = lam * (idle * s02 + (1 - idle) * s2) / (2 * (1 - rho))
    return wait + d + idle * w


def dispatcher(point):
    """One light point, read as a single-threaded client that pays a wake-up when it was idle.

    The light-load latency of a transaction that costs a few tens of microseconds of CPU is
    milliseconds on a busy machine: after each sleep, pgbench's one thread waits for a core the
    other processes hold. A busy thread does not sleep and does not wait. So pgbench's thread is
    a FIFO station of one server whose work is pgbench's CPU per transaction plus a wake-up w
    when it was idle; w is solved from the light point's mean latency with Welch's formula
    (the latency's fastest tenth, the part with no wake-up wait, is the delay of the rest)."""
    cpu = point["server_cpu_per_tx"] + point["client_cpu_per_tx"]
    pct = point["latency_percentiles"]
    lo = max(pct["0.0"] - cpu, 0.0)
    hi = max(pct["0.1"] - cpu, lo)
    fast = (lo + hi) / 2
    lam = point["throughput"]
    d = point["client_cpu_per_tx"]
    target = point["mean"] - point["server_cpu_per_tx"] - fast
    low, high = 0.0, 1.0
    if welch_response(lam, d, 0.0) >= target:
        w = 0.0
    else:
        for _ in range(100):
            mid = (low + high) / 2
            if welch_response(lam, d, mid) < target:
                low = mid
            else:
                high = mid
        w = (low + high) / 2
    return {"label": "one light point, PS cores, waking client", "discipline": "ps", "dispatcher": True,
            "server_cpu": point["server_cpu_per_tx"], "client_cpu": d, "wakeup": None, "client_wakeup": w,
            "fast_delay": [lo, hi],
            "how": f"one light point: pgbench's thread pays a {w * 1e3:.2f} ms wake-up when idle"}
