"""Store: read-only, tidy, and equal to what the executable printed for the same run."""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
from pathlib import Path

import pytest

import headroom
from conftest import SHORT, assert_no_file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    store = headroom.Store(path)
    for read in [store.runs, store.sweeps, store.forecasts, store.plans]:
        with pytest.raises(FileNotFoundError, match="no run store"):
            read()
    assert_no_file(path)


def test_reading_never_writes(binary: Path, db: Path, mm1: Path) -> None:
    run_id = headroom.run(mm1, set=SHORT, db=db, binary=binary)["run_id"]
    before, mtime = digest(db), os.stat(db).st_mtime_ns
    store = headroom.Store(db)
    store.runs(), store.run(run_id), store.series(run_id), store.histogram(run_id), store.alerts()
    store.sweeps(), store.forecasts(), store.plans()
    with pytest.raises(headroom.StoreError, match="readonly"):
        store.sql("delete from runs")
    assert digest(db) == before and os.stat(db).st_mtime_ns == mtime
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no journal, no -wal left


def test_not_a_store(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("create table t (x)")
    with pytest.raises(headroom.StoreError, match="no such table: runs"):
        headroom.Store(other).runs()


def test_unknown_ids_are_named(binary: Path, db: Path, mm1: Path) -> None:
    run_id = headroom.run(mm1, set=SHORT, db=db, binary=binary)["run_id"]
    store = headroom.Store(db)
    with pytest.raises(headroom.StoreError, match="no run 99"):
        store.run([run_id, 99])
    with pytest.raises(headroom.StoreError, match="no sweep 4"):
        store.sweep(4)
    with pytest.raises(headroom.StoreError, match="no forecast 2"):
        store.forecast(2)


def test_run_is_tidy_at_every_level(binary: Path, db: Path) -> None:
    model = Path(__file__).resolve().parents[2] / "models" / "read-replicas.yaml"
    result = headroom.run(model, set={"duration": "60s", "warmup": "10s"}, db=db, binary=binary)
    tidy = headroom.Store(db).run(result["run_id"])
    assert not tidy.duplicated(["run_id", "level", "name", "metric"]).any()
    assert list(tidy.level.drop_duplicates()) == ["run", "class", "component", "resource"]
    components = tidy[tidy.level == "component"]
    assert set(components.name) == set(result["components"]) and (components.name == components.component).all()
    # Each resource row names its component; each component's resources are the ones printed.
    resources = tidy[tidy.level == "resource"]
    for name, component in result["components"].items():
        printed = {r["name"] for r in component.get("resources", [])}
        assert set(resources[resources.component == name].name) == printed, name
    # The wide view has a row for each component the run has, and no other.
    wide = headroom.Store(db).metrics(result["run_id"], level="component")
    assert list(wide.index) == [(result["run_id"], name) for name in sorted(result["components"])]
    classes = tidy[tidy.level == "class"]
    assert set(classes.name) == set(result["classes"])
    for cls, figures in result["classes"].items():
        p99 = classes[(classes.name == cls) & (classes.metric == "latency_p99")].value.item()
        assert p99 == pytest.approx(figures["latency"]["p99"], rel=1e-12)


def test_series_is_the_printed_series(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set={"duration": "300s", "warmup": "10s"}, series=True, db=db, binary=binary)
    stored = headroom.Store(db).series(result["run_id"])
    printed = result["series"]
    assert len(stored) == len(printed) > 0
    assert list(stored.run_id.unique()) == [result["run_id"]]
    keys = list(zip(stored.time, stored.scope, stored.metric))
    assert keys == [(p["time"], p["scope"], p["metric"]) for p in printed]
    for value, point in zip(stored.value.tolist(), printed):
        if point["value"] is None:
            assert math.isnan(value)
        else:
            assert value == pytest.approx(point["value"], rel=1e-12, abs=1e-15)


def test_histogram_counts_every_request(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set=SHORT, replications=2, db=db, binary=binary)
    store = headroom.Store(db)
    histogram = store.histogram(result["run_ids"])
    counts = histogram[histogram["class"] == ""].groupby("run_id")["count"].sum()
    stored = store.metrics(result["run_ids"]).latency_count
    assert counts.to_dict() == stored.astype(int).to_dict()
    assert (histogram.groupby(["run_id", "class"]).seconds.apply(lambda s: s.is_monotonic_increasing)).all()


def test_alerts_of_an_overloaded_run(binary: Path, db: Path, mm1: Path) -> None:
    # mm1.yaml has the default p99 alert (500 ms); M/M/1 at ρ = 0.8 has a p99 of ~23 s, so it fires.
    result = headroom.run(mm1, set=SHORT, db=db, binary=binary)
    alerts = headroom.Store(db).alerts(result["run_id"])
    assert len(alerts) == len(result["alerts"]) >= 1
    assert list(alerts.fired_at) == [a["fired_at"] for a in result["alerts"]]


def test_wide_metrics_keep_only_what_each_run_has(binary: Path, db: Path, mm1: Path, mmc: Path) -> None:
    # Two models, two station names: the wide view must not invent a 'servers' row for the M/M/1
    # run nor a 'server' row for the M/M/c one.
    one = headroom.run(mm1, set=SHORT, db=db, binary=binary)["run_id"]
    four = headroom.run(mmc, set=SHORT, db=db, binary=binary)["run_id"]
    wide = headroom.Store(db).metrics([one, four], level="component")
    assert list(wide.index) == [(one, "server"), (four, "servers")]
    assert list(wide.servers) == [1, 4]
