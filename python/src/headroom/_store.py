"""Reading a headroom run store (SQLite) into pandas DataFrames, read-only.

The store's schema is the simulator's (Sources/HeadroomStore/RunStore+Migrations.swift): runs and
their metrics in long (metric, value) tables, time series, latency histograms, alerts, sweeps,
forecasts and plans. Every method opens the file read-only (`mode=ro`): reading never creates a
store, never migrates one and never writes, so it is safe beside a running simulation.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Literal, TypeAlias, Union

import pandas as pd

#: One run id or several.
RunIds: TypeAlias = Union[int, Iterable[int]]
#: Where a metric belongs: the whole run, a request class, a component, or a resource of one.
Level: TypeAlias = Literal["run", "class", "component", "resource"]

#: The columns of :meth:`Store.run`, in order.
METRIC_COLUMNS = ["run_id", "level", "component", "name", "metric", "value"]


class StoreError(RuntimeError):
    """The store cannot answer: a missing id, or a file that is not a headroom store."""


def _ids(ids: RunIds) -> list[int]:
    if isinstance(ids, (int,)):
        return [int(ids)]
    listed = [int(i) for i in ids]
    if not listed:
        raise ValueError("no run ids given")
    return listed


def _placeholders(values: Sequence[Any]) -> str:
    return ",".join("?" for _ in values)


class Store:
    """A run store, read-only: `Store("headroom.sqlite")`.

    The file need not exist yet when the Store is made (a notebook may make it before its first
    run); each query opens it, and a store that is not there is a :class:`FileNotFoundError`.
    Every table comes back tidy: one row per observation, ids and names as columns.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.fspath(path)).expanduser().resolve()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- plumbing ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise FileNotFoundError(f"no run store at {self.path} (run something first; reading never creates one)")
        # A URI with mode=ro: SQLite opens the file read-only and never creates it.
        return sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)

    def sql(self, query: str, *params: Any) -> pd.DataFrame:
        """One read-only SQL query, `?` placeholders filled from `params`, as a DataFrame."""
        with closing(self._connect()) as db:
            try:
                return pd.read_sql_query(query, db, params=params)
            except (sqlite3.DatabaseError, pd.errors.DatabaseError) as error:
                raise StoreError(f"{self.path}: {error}") from error

    def _check_ids(self, table: str, ids: list[int], what: str) -> None:
        found = set(self.sql(f"select id from {table} where id in ({_placeholders(ids)})", *ids).id)
        missing = [i for i in ids if i not in found]
        if missing:
            raise StoreError(f"{self.path}: no {what} {', '.join(map(str, missing))}")

    # -- runs ----------------------------------------------------------------------------------

    def runs(self) -> pd.DataFrame:
        """Every stored run, oldest first: id, created_at, model, seed, overrides (a list of
        PATH=VALUE), status and status_reason, verdict, simulated, warm-up and wall seconds,
        events, and its replication group (group_id, replication, replication_count)."""
        frame = self.sql(
            """select id as run_id, created_at, model_name as model, model_file, seed, overrides, status,
                      status_reason, verdict, simulated_seconds, warmup_seconds, wall_seconds, events,
                      group_id, replication, replication_count
               from runs order by id""")
        frame["overrides"] = [json.loads(o) for o in frame.overrides]
        frame["created_at"] = pd.to_datetime(frame.created_at, utc=True)
        return frame

    def run(self, id: RunIds) -> pd.DataFrame:  # noqa: A002 - the natural name
        """The metrics of one run (or several), tidy: one row per (run_id, level, component,
        name, metric) with its value (NaN where the run had none).

        level is 'run' (name ''), 'class' (name: the request class), 'component' (name: the
        component, component: the same) or 'resource' (name: the resource, component: its
        component). Times are in seconds, rates per second. Pivot it for a table, e.g.
        `df[df.level == "run"].pivot(index="run_id", columns="metric", values="value")`.
        """
        ids = _ids(id)
        self._check_ids("runs", ids, "run")
        marks = _placeholders(ids)
        frame = self.sql(
            f"""select run_id, 'run' as level, '' as component, '' as name, metric, value
                  from run_metrics where run_id in ({marks})
                union all
                select run_id, 'class', '', class, metric, value from class_metrics where run_id in ({marks})
                union all
                select run_id, 'component', component, component, metric, value
                  from component_metrics where run_id in ({marks})
                union all
                select run_id, 'resource', component, resource, metric, value
                  from resource_metrics where run_id in ({marks})""",
            *ids, *ids, *ids, *ids)
        order = {"run": 0, "class": 1, "component": 2, "resource": 3}
        frame = frame.sort_values(["run_id", "level", "component", "name", "metric"],
                                  key=lambda c: c.map(order) if c.name == "level" else c, kind="stable")
        frame["value"] = frame.value.astype(float)
        return frame.reset_index(drop=True)[METRIC_COLUMNS]

    def metrics(self, id: RunIds, level: Level = "run") -> pd.DataFrame:  # noqa: A002
        """The metrics of one level wide: one row per run (and name, below the run level), one
        column per metric. A convenience over :meth:`run`."""
        tidy = self.run(id)
        tidy = tidy[tidy.level == level]
        index = ["run_id"] if level == "run" else ["run_id", "name"]
        wide = tidy.pivot(index=index, columns="metric", values="value")
        if len(index) > 1:
            # pivot fills in every (run, name) pair; keep the ones that exist, in stored order.
            wide = wide.loc[pd.MultiIndex.from_frame(tidy[index].drop_duplicates())]
        wide.columns.name = None
        return wide

    def series(self, id: RunIds) -> pd.DataFrame:  # noqa: A002
        """The time series of one run (or several), tidy: run_id, time (the end of the window, in
        simulated seconds, warm-up included), scope (a component, or '' for the whole run),
        metric and value, in the order the run recorded them."""
        ids = _ids(id)
        self._check_ids("runs", ids, "run")
        frame = self.sql(
            f"""select run_id, time, scope, metric, value from series
                where run_id in ({_placeholders(ids)}) order by run_id, seq""", *ids)
        frame["value"] = frame.value.astype(float)
        return frame

    def histogram(self, id: RunIds) -> pd.DataFrame:  # noqa: A002
        """The latency histograms of one run (or several): run_id, class ('' for all classes
        together), seconds (the bucket) and count, by bucket."""
        ids = _ids(id)
        self._check_ids("runs", ids, "run")
        return self.sql(
            f"""select run_id, class, seconds, count from latency_histogram
                where run_id in ({_placeholders(ids)}) order by run_id, class, seconds""", *ids)

    def alerts(self, id: RunIds | None = None) -> pd.DataFrame:  # noqa: A002
        """The alerts that fired, in one run, several, or all (None): run_id, name, scope,
        metric, threshold, fired_at, resolved_at (NaN if still firing at the end) and peak."""
        where, ids = "", [] if id is None else _ids(id)
        if ids:
            self._check_ids("runs", ids, "run")
            where = f"where run_id in ({_placeholders(ids)})"
        return self.sql(
            f"""select run_id, name, scope, metric, threshold, fired_at, resolved_at, peak from alerts
                {where} order by run_id, fired_at""", *ids)

    # -- sweeps --------------------------------------------------------------------------------

    def sweeps(self) -> pd.DataFrame:
        """Every stored sweep: sweep_id, created_at, model, paths (the swept key paths), replications,
        seed, points (of the grid), points_done and status."""
        frame = self.sql(
            """select s.id as sweep_id, s.created_at, s.model_name as model, s.grid, s.replications, s.seed,
                      s.points, (select count(*) from sweep_points p where p.sweep_id = s.id) as points_done,
                      s.status
               from sweeps s order by s.id""")
        frame["paths"] = [[axis["path"] for axis in json.loads(grid)] for grid in frame.grid]
        frame["created_at"] = pd.to_datetime(frame.created_at, utc=True)
        return frame[["sweep_id", "created_at", "model", "paths", "replications", "seed", "points",
                      "points_done", "status"]]

    def sweep(self, id: int) -> pd.DataFrame:  # noqa: A002
        """The runs of a sweep, one row per run: sweep_id, point, replication, run_id, group_id
        (the point's first run) and one column per swept path holding the point's value as
        given on the command line ("0.5/s", "4"). Join metrics on run_id (:meth:`run`)."""
        self._check_ids("sweeps", [id], "sweep")
        grid = json.loads(self.sql("select grid from sweeps where id = ?", id).grid.iloc[0])
        paths = [axis["path"] for axis in grid]
        frame = self.sql(
            """select p.sweep_id, p.point, r.replication, r.id as run_id, p.group_id, p.overrides
               from sweep_points p join runs r on r.group_id = p.group_id
               where p.sweep_id = ? order by p.point, r.replication""", id)
        values = [dict(o.split("=", 1) for o in json.loads(text)) for text in frame.overrides]
        for path in paths:
            frame[path] = [v.get(path) for v in values]
        return frame.drop(columns="overrides")

    # -- forecasts and plans -------------------------------------------------------------------

    def forecasts(self) -> pd.DataFrame:
        """Every stored saturation forecast: forecast_id, created_at, model, axis, slo (a dict),
        status, the saturation load with its 95 % interval (ci_low, ci_high), saturation_rate
        and bound_rate (arrivals per second), bottleneck and next_bottleneck, replications."""
        frame = self.sql(
            """select id as forecast_id, created_at, model_name as model, axis, slo, status, saturation,
                      ci_low, ci_high, saturation_rate, bound_rate, bottleneck, next_bottleneck, seed,
                      replications, wall_seconds
               from forecasts order by id""")
        frame["slo"] = [json.loads(s) for s in frame.slo]
        frame["created_at"] = pd.to_datetime(frame.created_at, utc=True)
        return frame

    def forecast(self, id: int) -> pd.DataFrame:  # noqa: A002
        """The runs of a forecast's search, one row per run: forecast_id, run_id, role ('light'
        measures demands, 'search' probes a load, 'relaxed' probes with the bottleneck relaxed),
        load (in the forecast's axis units), seed, status and verdict, and the run's latency_p99
        (seconds), throughput (per second) and error_rate (fraction of arrivals not answered).
        The forecast's own figures are in :meth:`forecasts`; its JSON is in `.attrs["forecast"]`."""
        self._check_ids("forecasts", [id], "forecast")
        frame = self.sql(
            """select f.forecast_id, f.run_id, f.role, f.load, r.seed, r.status, r.verdict,
                      (select value from run_metrics m where m.run_id = r.id and m.metric = 'latency_p99')
                        as latency_p99,
                      (select value from run_metrics m where m.run_id = r.id and m.metric = 'throughput')
                        as throughput,
                      (select sum(value) from run_metrics m where m.run_id = r.id and m.metric in
                         ('requests_rejected', 'requests_timed_out', 'requests_pool_timed_out',
                          'requests_client_timed_out', 'requests_failed'))
                        / (select value from run_metrics m where m.run_id = r.id and m.metric = 'requests_arrived')
                        as error_rate
               from forecast_runs f join runs r on r.id = f.run_id
               where f.forecast_id = ? order by f.run_id""", id)
        frame.attrs["forecast"] = json.loads(
            self.sql("select result_json from forecasts where id = ?", id).result_json.iloc[0])
        return frame

    def plans(self) -> pd.DataFrame:
        """Every stored capacity plan: plan_id, created_at, model, load, slo, status ('met' or
        'unmeetable'), changes (PATH=VALUE overrides), cost_per_hour against
        current_cost_per_hour (in currency), p99 (seconds), error_rate, saturation, bottleneck,
        evaluations."""
        frame = self.sql(
            """select id as plan_id, created_at, model_name as model, load, slo, status, changes, currency,
                      cost_per_hour, current_cost_per_hour, p99, error_rate, saturation, bottleneck,
                      evaluations, wall_seconds
               from plans order by id""")
        frame["slo"] = [json.loads(s) for s in frame.slo]
        frame["changes"] = [json.loads(c) for c in frame.changes]
        frame["created_at"] = pd.to_datetime(frame.created_at, utc=True)
        return frame
