"""The simulator's commands, called as functions: each runs the `headroom` executable with
`--json` and returns the JSON document it prints, as a dict.

Values passed to `set=`, `base_set=` and `vary=` are written as on the command line, in the units
of model files: strings for rates and durations ("900/s", "250ms", "2h"), numbers for counts and
fractions (4, 0.25); `True`/`False` become `true`/`false`. Sweep axes and plan knobs take
a list of values or a string in the command's own syntax ("4,8,16", "2..40:2").
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias, Union

from ._binary import find_binary

#: One scalar of a model: a string in the model's units, or a plain number or flag.
Value: TypeAlias = Union[str, int, float, bool]
#: Overrides: a mapping of dotted key paths to values.
Overrides: TypeAlias = Mapping[str, Value]
#: Sweep axes and plan knobs: a mapping of key paths to several values.
Axes: TypeAlias = Mapping[str, Union[Value, Sequence[Value]]]
#: A file or folder path.
PathLike: TypeAlias = Union[str, "os.PathLike[str]"]
#: A service level: "p99=500ms,errors=1%" or {"p99": "500ms", "errors": "1%"}.
ServiceLevel: TypeAlias = Union[str, Mapping[str, Value]]


class HeadroomError(RuntimeError):
    """A `headroom` command failed: its arguments, exit status and error text (which names the
    file, line and key of a bad model, or the flag at fault)."""

    def __init__(self, arguments: Sequence[str], returncode: int, stderr: str) -> None:
        self.arguments = list(arguments)
        self.returncode = returncode
        self.stderr = stderr
        super().__init__(f"headroom {' '.join(arguments)} failed (exit status {returncode}):\n{stderr.rstrip()}")


def format_value(value: Value) -> str:
    """A value as the command line spells it: true/false for flags, numbers as Python prints them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_values(values: Value | Sequence[Value]) -> str:
    """Several values as a sweep axis: comma-separated; a string passes through (a range, a list)."""
    if isinstance(values, (str, int, float, bool)):
        return format_value(values)
    return ",".join(format_value(v) for v in values)


def _pairs(option: str, overrides: Mapping[str, Value | Sequence[Value]] | None, several: bool) -> list[str]:
    arguments: list[str] = []
    for path, value in (overrides or {}).items():
        if isinstance(value, (str, int, float, bool)):
            text = format_value(value)
        elif several:
            text = format_values(value)
        else:
            raise TypeError(f"{option} {path}: one value expected, found {value!r} (a sweep takes several)")
        arguments += [option, f"{path}={text}"]
    return arguments


def _slo(slo: ServiceLevel | None) -> list[str]:
    if slo is None:
        return []
    if isinstance(slo, str):
        return ["--slo", slo]
    return ["--slo", ",".join(f"{name}={format_value(value)}" for name, value in slo.items())]


def _common(seed: int | None, db: PathLike | None, jobs: int | None) -> list[str]:
    arguments: list[str] = []
    if seed is not None:
        arguments += ["--seed", str(seed)]
    if jobs is not None:
        arguments += ["--jobs", str(jobs)]
    if db is not None:
        arguments += ["--db", os.fspath(db)]
    return arguments


def call(arguments: Iterable[str], *, binary: PathLike | None = None, cwd: PathLike | None = None) -> dict[str, Any]:
    """Runs `headroom ARGUMENTS` (which should include `--json`) and returns the JSON it prints.

    Raises :class:`HeadroomError` with the command's error text when it exits non-zero.
    """
    executable = find_binary(binary)
    arguments = [os.fspath(a) for a in arguments]
    done = subprocess.run([os.fspath(executable), *arguments], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        raise HeadroomError(arguments, done.returncode, done.stderr)
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise HeadroomError(arguments, done.returncode, f"printed no JSON ({error}): {done.stdout[:200]!r}") from error
    if not isinstance(answer, dict):
        raise HeadroomError(arguments, done.returncode, f"printed JSON that is not an object: {done.stdout[:200]!r}")
    return answer


def run(
    model: PathLike,
    set: Overrides | None = None,  # noqa: A002 - the command's own flag name
    *,
    seed: int | None = None,
    replications: int = 1,
    series: bool = False,
    db: PathLike | None = None,
    store: bool = True,
    jobs: int | None = None,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom run MODEL --json`: simulates a model and returns its result (`run_id`, `run_ids`,
    `latency`, `throughput`, `components`, ...; with `series=True` also `series`).

    `db` is the run store (default: $HEADROOM_DB, else headroom.sqlite in the working directory);
    `store=False` stores nothing.
    """
    arguments = ["run", os.fspath(model), *_pairs("--set", set, several=False),
                 "--replications", str(replications), *_common(seed, db if store else None, jobs), "--json"]
    if series:
        arguments.append("--series")
    if not store:
        arguments.append("--no-store")
    return call(arguments, binary=binary)


def sweep(
    model: PathLike,
    set: Axes,  # noqa: A002 - the command's own flag name
    *,
    base_set: Overrides | None = None,
    seed: int | None = None,
    replications: int | None = None,
    db: PathLike | None = None,
    jobs: int | None = None,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom sweep MODEL --set PATH=V1,V2 ... --json`: runs the Cartesian grid of the axes in
    `set` (each a list of values or a string such as "2..40:2") with `base_set` applied to every
    point, stores it, and returns the summary (`sweep_id`, `points`, ...). Read its points with
    :meth:`headroom.Store.sweep`."""
    if not set:
        raise ValueError("a sweep needs at least one axis in set=")
    arguments = ["sweep", os.fspath(model), *_pairs("--set", set, several=True),
                 *_pairs("--base-set", base_set, several=False), *_common(seed, db, jobs), "--json"]
    if replications is not None:
        arguments += ["--replications", str(replications)]
    return call(arguments, binary=binary)


def saturate(
    model: PathLike,
    set: Overrides | None = None,  # noqa: A002 - the command's own flag name
    *,
    slo: ServiceLevel | None = None,
    by: str | None = None,
    seed: int | None = None,
    replications: int | None = None,
    max_replications: int | None = None,
    precision: str | float | None = None,
    next_bottleneck: bool = True,
    db: PathLike | None = None,
    store: bool = True,
    jobs: int | None = None,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom saturate MODEL --json`: the highest load (along `by`, default traffic.scale) that
    still meets the SLO, with its interval, the bound and the next bottleneck. Stored as a
    forecast; read its runs with :meth:`headroom.Store.forecast`."""
    arguments = ["saturate", os.fspath(model), *_pairs("--set", set, several=False), *_slo(slo),
                 *_common(seed, db if store else None, jobs), "--json", "--quiet"]
    if by is not None:
        arguments += ["--by", by]
    if replications is not None:
        arguments += ["--replications", str(replications)]
    if max_replications is not None:
        arguments += ["--max-replications", str(max_replications)]
    if precision is not None:
        arguments += ["--precision", format_value(precision)]
    if not next_bottleneck:
        arguments.append("--no-next")
    if not store:
        arguments.append("--no-store")
    return call(arguments, binary=binary)


def plan(
    model: PathLike,
    set: Overrides | None = None,  # noqa: A002 - the command's own flag name
    *,
    load: str | float = "1x",
    slo: ServiceLevel | None = None,
    vary: Axes | None = None,
    seed: int | None = None,
    replications: int | None = None,
    max_configurations: int | None = None,
    headroom_search: bool = True,
    output: PathLike | None = None,
    db: PathLike | None = None,
    store: bool = True,
    jobs: int | None = None,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom plan MODEL --load 3x --json`: the cheapest configuration of the design space
    (`vary`, each knob's values, and the model's plan: section) that meets the SLO at `load`
    times the model's traffic; `output` writes the planned model file."""
    arguments = ["plan", os.fspath(model), *_pairs("--set", set, several=False), *_slo(slo),
                 *_pairs("--vary", vary, several=True), "--load", format_value(load),
                 *_common(seed, db if store else None, jobs), "--json", "--quiet"]
    if replications is not None:
        arguments += ["--replications", str(replications)]
    if max_configurations is not None:
        arguments += ["--max-configurations", str(max_configurations)]
    if not headroom_search:
        arguments.append("--no-headroom")
    if output is not None:
        arguments += ["-o", os.fspath(output)]
    if not store:
        arguments.append("--no-store")
    return call(arguments, binary=binary)


def explain(
    model: PathLike,
    set: Overrides | None = None,  # noqa: A002 - the command's own flag name
    *,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom explain MODEL --json`: the operational-law view of a model without simulating
    it (`resources` with their demands and servers, `bottleneck`, `max_throughput`)."""
    return call(["explain", os.fspath(model), *_pairs("--set", set, several=False), "--json"], binary=binary)



def trace(
    model: PathLike,
    set: Overrides | None = None,  # noqa: A002 - the command's own flag name
    *,
    events: int = 40,
    seed: int | None = None,
    binary: PathLike | None = None,
) -> dict[str, Any]:
    """`headroom trace MODEL --events N --json`: the first `events` events of a run from t = 0,
    in order (`lines`: time, request, event, station, what, queue, busy, servers; `complete` is
    false when the run had fewer). Nothing is stored."""
    arguments = ["trace", os.fspath(model), *_pairs("--set", set, several=False), "--events", str(events),
                 *_common(seed, None, None), "--json"]
    return call(arguments, binary=binary)
