"""Headroom from Python: run the simulator and read its run store as pandas DataFrames.

    import headroom
    result = headroom.run("models/textbook/mm1.yaml", set={"traffic.rate": "0.9/s"}, db="runs.sqlite")
    store = headroom.Store("runs.sqlite")
    store.run(result["run_id"])        # tidy metrics: run_id, level, component, name, metric, value

The commands (:func:`run`, :func:`sweep`, :func:`saturate`, :func:`plan`, :func:`explain`, :func:`trace`)
call the `headroom` executable (found by :func:`find_binary`) with `--json` and
return what it prints as a dict; :class:`Store` reads the SQLite store read-only.
"""

from ._binary import BinaryNotFoundError, find_binary
from ._commands import HeadroomError, call, explain, plan, run, saturate, sweep, trace
from ._store import Store, StoreError

__version__ = "0.1.0"

__all__ = [
    "BinaryNotFoundError",
    "HeadroomError",
    "Store",
    "StoreError",
    "call",
    "explain",
    "find_binary",
    "plan",
    "run",
    "saturate",
    "sweep",
    "trace",
]
