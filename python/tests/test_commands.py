"""The commands as functions: each result is compared with what the store holds (the JSON the
executable prints and the SQLite it writes are two independent paths to the same numbers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import headroom
from conftest import SHORT, assert_no_file


def test_run_returns_the_stored_run(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set={**SHORT, "traffic.rate": "0.5/s"}, seed=7, db=db, binary=binary)
    store = headroom.Store(db)
    runs = store.runs()
    assert list(runs.run_id) == [result["run_id"]]
    run = runs.iloc[0]
    assert run.seed == 7 and run.model == "mm1" and run.status == result["status"]
    assert run.overrides == ["duration=2000s", "warmup=100s", "traffic.rate=0.5/s"]
    metrics = store.metrics(result["run_id"]).iloc[0]
    for name in ["p50", "p90", "p99", "mean", "max"]:
        assert metrics[f"latency_{name}"] == pytest.approx(result["latency"][name], rel=1e-12)
    assert metrics.throughput == pytest.approx(result["throughput"], rel=1e-12)
    station = store.metrics(result["run_id"], level="component").loc[(result["run_id"], "server")]
    assert station.utilization == pytest.approx(result["components"]["server"]["utilization"], rel=1e-12)


def test_values_are_written_as_on_the_command_line(binary: Path, db: Path, mmc: Path) -> None:
    # A count as an int, a whole float as an int, a rate as a string.
    result = headroom.run(mmc, set={**SHORT, "components.servers.servers": 5.0, "traffic.rate": "3.5/s"},
                          db=db, binary=binary)
    assert result["overrides"] == ["duration=2000s", "warmup=100s", "components.servers.servers=5",
                                   "traffic.rate=3.5/s"]
    assert result["components"]["servers"]["servers"] == 5


def test_replications_are_one_group(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set=SHORT, seed=3, replications=3, db=db, binary=binary)
    runs = headroom.Store(db).runs()
    assert list(runs.run_id) == result["run_ids"]
    assert list(runs.seed) == [3, 4, 5] and list(runs.replication) == [0, 1, 2]
    assert set(runs.group_id) == {result["run_ids"][0]} and set(runs.replication_count) == {3}


def test_no_store_writes_nothing(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set=SHORT, store=False, db=db, binary=binary)
    assert result["run_ids"] == [] and result["latency"]["count"] > 0
    assert_no_file(db)


def test_a_bad_model_raises_with_the_commands_message(binary: Path, db: Path, mm1: Path, tmp_path: Path) -> None:
    with pytest.raises(headroom.HeadroomError) as raised:
        headroom.run(mm1, set={"traffic.rate": "0.5"}, db=db, binary=binary)
    assert raised.value.returncode != 0
    assert "traffic.rate" in raised.value.stderr and "unit" in raised.value.stderr
    assert "headroom run" in str(raised.value)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\ncomponents:\n  a: {type: station, servers: 1, servics: 1}\n")
    with pytest.raises(headroom.HeadroomError, match="broken.yaml"):
        headroom.run(broken, db=db, binary=binary)
    assert_no_file(db)


def test_sweep_rows_are_its_grid(binary: Path, db: Path, mm1: Path) -> None:
    rates = ["0.3/s", "0.6/s"]
    result = headroom.sweep(mm1, set={"traffic.rate": rates, "components.server.servers": [1, 2]},
                            base_set=SHORT, seed=1, replications=2, db=db, binary=binary)
    store = headroom.Store(db)
    points = store.sweep(result["sweep_id"])
    assert len(points) == 4 * 2
    assert list(points.columns) == ["sweep_id", "point", "replication", "run_id", "group_id",
                                    "traffic.rate", "components.server.servers"]
    grid = points.drop_duplicates("point")
    assert list(zip(grid["traffic.rate"], grid["components.server.servers"])) == [
        ("0.3/s", "1"), ("0.3/s", "2"), ("0.6/s", "1"), ("0.6/s", "2")]
    assert [list(g.run_id) for _, g in points.groupby("point")] == [p["run_ids"] for p in result["points"]]
    # Each point's runs are its replications, seeds S and S+1, with the point's overrides.
    runs = store.runs().set_index("run_id").loc[points.run_id]
    assert list(runs.seed) == [1, 2] * 4 and list(runs.replication) == list(points.replication)
    for (_, point), overrides in zip(points.iterrows(), runs.overrides):
        assert f"traffic.rate={point['traffic.rate']}" in overrides and "duration=2000s" in overrides
    listed = store.sweeps()
    assert list(listed.sweep_id) == [result["sweep_id"]] and listed.points_done.iloc[0] == 4
    assert listed.paths.iloc[0] == ["traffic.rate", "components.server.servers"]


def test_a_sweep_needs_an_axis(db: Path, mm1: Path) -> None:
    with pytest.raises(ValueError, match="axis"):
        headroom.sweep(mm1, set={}, db=db)


def test_saturate_stores_its_search(binary: Path, db: Path, mmc: Path) -> None:
    result = headroom.saturate(mmc, set={"duration": "1000s", "warmup": "100s"}, slo={"p99": "10s"},
                               replications=2, max_replications=4, precision="10%", next_bottleneck=False,
                               db=db, binary=binary)
    store = headroom.Store(db)
    forecast = store.forecasts().set_index("forecast_id").loc[result["forecast_id"]]
    assert forecast.status == "ok" and forecast.slo == {"p99": 10}
    assert forecast.saturation == pytest.approx(result["forecast"]["saturation"], rel=1e-12)
    assert forecast.ci_low <= forecast.saturation <= forecast.ci_high
    probes = store.forecast(result["forecast_id"])
    assert set(probes.role) == {"light", "search"}
    assert probes.attrs["forecast"]["saturation"] == pytest.approx(forecast.saturation, rel=1e-12)
    # Every probe below the lower end of the interval met p99 ≤ 10 s in its run; every probe
    # above the upper end missed it (each replication finds its own crossing in between).
    search = probes[probes.role == "search"]
    assert (search[search.load < forecast.ci_low].latency_p99.dropna() <= 10).all()
    assert (search[search.load > forecast.ci_high].latency_p99.dropna() > 10).all()


def test_plan_stores_the_chosen_configuration(binary: Path, db: Path, mmc: Path) -> None:
    result = headroom.plan(mmc, set={"duration": "1000s", "warmup": "100s"}, load="2x", slo="p99=10s",
                           vary={"components.servers.servers": "1..12:1"}, replications=2,
                           headroom_search=False, db=db, binary=binary)
    plans = headroom.Store(db).plans()
    assert list(plans.plan_id) == [result["plan_id"]]
    plan = plans.iloc[0]
    assert plan.status == result["plan"]["status"] == "met"
    # M/M/c at twice mmc.yaml's 3.2/s with 1 s service: 6.4 offered Erlangs need at least 7 servers.
    (change,) = plan.changes
    assert change.startswith("components.servers.servers=") and int(change.split("=")[1]) >= 7
    assert plan.p99 <= 10


def test_explain_reads_the_model(binary: Path, mmc: Path) -> None:
    explained = headroom.explain(mmc, set={"components.servers.servers": 8}, binary=binary)
    (station,) = explained["resources"]
    assert int(station["servers"]) == 8
    # X_max = c / S = 8 servers / 1 s.
    assert explained["max_throughput"] == pytest.approx(8.0, rel=1e-9)


def test_results_read_into_pandas(binary: Path, db: Path, mm1: Path) -> None:
    result = headroom.run(mm1, set=SHORT, db=db, binary=binary)
    tidy = headroom.Store(db).run(result["run_id"])
    assert isinstance(tidy, pd.DataFrame)
    assert list(tidy.columns) == ["run_id", "level", "component", "name", "metric", "value"]


def test_trace_tells_the_first_events(binary: Path, mm1: Path, tmp_path: Path) -> None:
    told = headroom.trace(mm1, events=25, seed=2, binary=binary)
    assert told["model"] == "mm1" and told["seed"] == 2 and told["complete"] is True
    lines = pd.DataFrame(told["lines"])
    assert len(lines) == 25 and lines.time.is_monotonic_increasing
    assert lines.event.iloc[0] == "arrive"
    at_server = lines[lines.station == "server"]
    assert set(at_server.servers) == {1} and at_server.busy.between(0, 1).all() and (at_server.queue >= 0).all()
    # The same seed tells the same events; nothing is stored anywhere.
    assert headroom.trace(mm1, events=25, seed=2, binary=binary) == told
    assert list(tmp_path.iterdir()) == []
