import GRDB

extension RunStore {
    /// The schema's history, applied in order by ``init(path:)``.
    ///
    /// Rules, as in GRDB's own guidance:
    /// - Migrations are append-only. A migration that has shipped is NEVER edited, renamed or
    ///   removed: files in the wild already contain it. Change the schema by registering a new
    ///   migration ("v2", ...) after the last one.
    /// - Migrations are plain SQL text and never depend on app types (no `RunResult`, no
    ///   records), so they read the same forever however the Swift code evolves.
    /// - Metrics live in long (metric, value) tables, so a new component or metric needs no
    ///   migration at all.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
        }
        return migrator
    }()

    /// Migration "v1": runs, their metrics, latency histograms, time series and alerts.
    /// Shipped with the first release; from then on never edit.
    private static let v1 = """
        -- One simulation run. A group of replications shares group_id, the id of its first run.
        CREATE TABLE runs (
            id                INTEGER PRIMARY KEY,
            created_at        TEXT    NOT NULL,  -- ISO-8601 UTC, milliseconds: 2025-06-15T15:06:40.123Z
            model_name        TEXT    NOT NULL,
            model_file        TEXT    NOT NULL,
            model_text        TEXT    NOT NULL,  -- the full model file, to reproduce the run
            model_hash        TEXT    NOT NULL
                CHECK (length(model_hash) = 16 AND model_hash NOT GLOB '*[^0-9a-f]*'),
            seed              INTEGER NOT NULL,  -- UInt64 stored as its Int64 bit pattern
            overrides         TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(overrides) AND json_type(overrides) = 'array'),
            tool_version      TEXT    NOT NULL,
            status            TEXT    NOT NULL CHECK (status IN ('ok', 'unstable')),
            status_reason     TEXT,              -- NULL when ok
            simulated_seconds REAL    NOT NULL,
            warmup_seconds    REAL    NOT NULL,
            wall_seconds      REAL    NOT NULL,
            events            INTEGER NOT NULL CHECK (events >= 0),
            group_id          INTEGER NOT NULL CHECK (group_id <= id),
            replication       INTEGER NOT NULL CHECK (replication >= 0 AND replication < replication_count),
            replication_count INTEGER NOT NULL CHECK (replication_count >= 1),
            result_json       TEXT    NOT NULL CHECK (json_valid(result_json))  -- RunResult, sorted snake_case keys
        );
        CREATE INDEX runs_created_at ON runs (created_at);
        CREATE INDEX runs_model_name ON runs (model_name, created_at);
        CREATE INDEX runs_group_id ON runs (group_id);

        -- Run-level numbers, all classes: throughput, latency_*, requests_*, amplification,
        -- cost and, for a run judged against an SLO, recovery_*.
        -- value is NULL where the run produced NaN (SQLite has no NaN).
        -- The primary key, led by run_id, is the index on run_id.
        CREATE TABLE run_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            metric TEXT    NOT NULL,
            value  REAL,
            PRIMARY KEY (run_id, metric)
        );

        -- The same numbers per request class.
        CREATE TABLE class_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            class  TEXT    NOT NULL,
            metric TEXT    NOT NULL,
            value  REAL,
            PRIMARY KEY (run_id, class, metric)
        );

        -- Every numeric field of each component's result (servers, utilization, mean_queue, ...)
        -- and the figures only its kind has (hit_rate, usage, stale_reads, dead_letters, ...).
        CREATE TABLE component_metrics (
            run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            component TEXT    NOT NULL,
            kind      TEXT    NOT NULL,
            metric    TEXT    NOT NULL,
            value     REAL,
            PRIMARY KEY (run_id, component, metric)
        );

        -- The same fields for each resource under a component (replicas' threads and cores,
        -- database nodes and shards), so a hot replica or shard shows.
        CREATE TABLE resource_metrics (
            run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            component TEXT    NOT NULL,
            resource  TEXT    NOT NULL,
            metric    TEXT    NOT NULL,
            value     REAL,
            PRIMARY KEY (run_id, resource, metric)
        );

        -- Latency histograms: class '' is all classes together.
        CREATE TABLE latency_histogram (
            run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            class   TEXT    NOT NULL,
            seconds REAL    NOT NULL,
            count   INTEGER NOT NULL CHECK (count >= 0)
        );
        CREATE INDEX latency_histogram_run_id ON latency_histogram (run_id, class);

        -- Metrics per window over the whole run, warm-up included: time is the end of the
        -- window in simulated seconds; scope is a component name, or '' for run-wide metrics
        -- (throughput, latency_p99, error_rate, in_system, ...). value is NULL for NaN.
        -- seq is the point's position in the result's series, so that it reads back in order;
        -- result_json does not repeat the points (its "series" is an empty list).
        CREATE TABLE series (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            seq    INTEGER NOT NULL CHECK (seq >= 0),
            time   REAL    NOT NULL,
            scope  TEXT    NOT NULL,
            metric TEXT    NOT NULL,
            value  REAL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX series_run_scope_metric_time ON series (run_id, scope, metric, time);

        -- Alerts that fired, as in result_json: when the rule's condition had held for its hold
        -- time (fired_at), the end of the first window back under the threshold (resolved_at,
        -- NULL if still firing when the run ended), and the highest value while firing.
        CREATE TABLE alerts (
            run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name        TEXT    NOT NULL,
            scope       TEXT    NOT NULL,  -- '' for run-wide metrics
            metric      TEXT    NOT NULL,
            threshold   REAL,
            fired_at    REAL    NOT NULL,
            resolved_at REAL,
            peak        REAL
        );
        CREATE INDEX alerts_run_id ON alerts (run_id, fired_at);

        -- A parameter sweep: the Cartesian grid of `grid` (JSON [{path, values}]) over a model.
        CREATE TABLE sweeps (
            id             INTEGER PRIMARY KEY,
            created_at     TEXT    NOT NULL,
            model_name     TEXT    NOT NULL,
            model_file     TEXT    NOT NULL,
            model_text     TEXT    NOT NULL,
            grid           TEXT    NOT NULL CHECK (json_valid(grid) AND json_type(grid) = 'array'),
            base_overrides TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(base_overrides) AND json_type(base_overrides) = 'array'),
            replications   INTEGER NOT NULL CHECK (replications >= 1),
            seed           INTEGER NOT NULL,  -- UInt64 stored as its Int64 bit pattern
            points         INTEGER NOT NULL CHECK (points >= 1),
            status         TEXT    NOT NULL CHECK (status IN ('running', 'done'))
        );

        -- A finished point of a sweep: its overrides and the group of runs it stored.
        CREATE TABLE sweep_points (
            sweep_id  INTEGER NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
            point     INTEGER NOT NULL CHECK (point >= 0),
            overrides TEXT    NOT NULL CHECK (json_valid(overrides) AND json_type(overrides) = 'array'),
            group_id  INTEGER NOT NULL REFERENCES runs (id),
            PRIMARY KEY (sweep_id, point)
        );
        CREATE INDEX sweep_points_group_id ON sweep_points (group_id);
        """

    /// Migration "v2": identities that survive copying between stores (`headroom merge`), sweep
    /// shards, and saturation forecasts. Never edit once shipped.
    private static let v2 = """
        -- A run's identity across stores: 32 lowercase hex digits, random, given when the run is
        -- first saved and kept by merges, so that merging the same store twice copies nothing.
        ALTER TABLE runs ADD COLUMN uid TEXT;
        UPDATE runs SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
        CREATE UNIQUE INDEX runs_uid ON runs (uid);

        -- A sweep's identity across stores. The shards of one sharded sweep share it (it is a
        -- digest of what the sweep runs and of the shard count), so their points merge into one
        -- sweep; an unsharded sweep gets a random one.
        ALTER TABLE sweeps ADD COLUMN uid TEXT;
        UPDATE sweeps SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
        CREATE UNIQUE INDEX sweeps_uid ON sweeps (uid);
        -- Which fixed partition of the grid this store ran (`--shard I/N`, I from 1); NULL for an
        -- unsharded sweep, and for a merged one once it holds points of several shards.
        ALTER TABLE sweeps ADD COLUMN shard_index INTEGER CHECK (shard_index IS NULL OR shard_index >= 1);
        ALTER TABLE sweeps ADD COLUMN shard_count INTEGER CHECK (shard_count IS NULL OR shard_count >= 1);

        -- A saturation forecast (`headroom saturate`): the highest load that still meets the SLO.
        -- Loads are in the units of `axis`: a factor on all traffic for 'traffic.scale', else the
        -- value of the swept path in base units (requests/s, seconds, a count, a fraction).
        CREATE TABLE forecasts (
            id              INTEGER PRIMARY KEY,
            uid             TEXT    NOT NULL UNIQUE,
            created_at      TEXT    NOT NULL,
            model_name      TEXT    NOT NULL,
            model_file      TEXT    NOT NULL,
            model_text      TEXT    NOT NULL,
            model_hash      TEXT    NOT NULL,
            overrides       TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(overrides) AND json_type(overrides) = 'array'),
            axis            TEXT    NOT NULL,  -- the path searched along: 'traffic.scale' or the `--by` path
            slo             TEXT    NOT NULL CHECK (json_valid(slo)),
            seed            INTEGER NOT NULL,  -- UInt64 stored as its Int64 bit pattern
            replications    INTEGER NOT NULL CHECK (replications >= 1),
            tool_version    TEXT    NOT NULL,
            status          TEXT    NOT NULL,  -- 'ok', 'not_reached' (met the SLO up to the search's
                                               -- limit), 'fails_at_start' (misses it at the lowest load)
            saturation      REAL,              -- the load found, NULL unless ok
            ci_low          REAL,              -- its confidence interval over replications
            ci_high         REAL,
            saturation_rate REAL,              -- arrivals per second at that load
            bound_rate      REAL,              -- operational-law upper bound, arrivals per second
            bottleneck      TEXT,
            next_bottleneck TEXT,
            wall_seconds    REAL    NOT NULL,
            result_json     TEXT    NOT NULL CHECK (json_valid(result_json))
        );
        CREATE INDEX forecasts_created_at ON forecasts (created_at);

        -- The runs a forecast used: role 'light' (the light-load run that measures demands),
        -- 'search' (a probe of the search) or 'relaxed' (a probe with the bottleneck relaxed, for
        -- the next bottleneck), each at `load` in the forecast's axis units.
        CREATE TABLE forecast_runs (
            forecast_id INTEGER NOT NULL REFERENCES forecasts (id) ON DELETE CASCADE,
            run_id      INTEGER NOT NULL REFERENCES runs (id),
            role        TEXT    NOT NULL CHECK (role IN ('light', 'search', 'relaxed')),
            load        REAL    NOT NULL,
            PRIMARY KEY (forecast_id, run_id)
        );
        CREATE INDEX forecast_runs_run_id ON forecast_runs (run_id);
        """

    /// Migration "v3": each run keeps the built specification it ran and its verdict. Never
    /// edit once shipped.
    private static let v3 = """
        -- The specification the engine ran (overrides and seed applied, profiles read from their
        -- files), as JSON: reports draw a run's topology from it, not from today's parser.
        -- NULL for runs stored before v3.
        ALTER TABLE runs ADD COLUMN spec_json TEXT CHECK (spec_json IS NULL OR json_valid(spec_json));
        -- What the run says about the system: 'ok', 'unstable' (stopped by the stability guard,
        -- or its backlog kept growing) or 'slo_missed'. NULL for runs stored before v3.
        ALTER TABLE runs ADD COLUMN verdict TEXT
            CHECK (verdict IS NULL OR verdict IN ('ok', 'unstable', 'slo_missed'));
        """

    /// Migration "v4": capacity plans (`headroom plan`) and the runs each used. Never edit once
    /// shipped.
    private static let v4 = """
        -- A plan: the cheapest configuration of a design space found to meet an SLO at a load
        -- (a factor of the model's traffic). Prices are per hour in `currency`.
        CREATE TABLE plans (
            id                    INTEGER PRIMARY KEY,
            uid                   TEXT    NOT NULL UNIQUE,
            created_at            TEXT    NOT NULL,
            model_name            TEXT    NOT NULL,
            model_file            TEXT    NOT NULL,
            model_text            TEXT    NOT NULL,
            model_hash            TEXT    NOT NULL,
            overrides             TEXT    NOT NULL DEFAULT '[]'
                CHECK (json_valid(overrides) AND json_type(overrides) = 'array'),
            load                  REAL    NOT NULL CHECK (load > 0),
            slo                   TEXT    NOT NULL CHECK (json_valid(slo)),
            seed                  INTEGER NOT NULL,  -- UInt64 stored as its Int64 bit pattern
            replications          INTEGER NOT NULL CHECK (replications >= 1),
            tool_version          TEXT    NOT NULL,
            status                TEXT    NOT NULL CHECK (status IN ('met', 'unmeetable')),
            -- The chosen configuration's overrides that change the model (a JSON array of PATH=VALUE).
            changes               TEXT    NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'array'),
            currency              TEXT    NOT NULL,
            cost_per_hour         REAL    NOT NULL CHECK (cost_per_hour >= 0),
            current_cost_per_hour REAL    NOT NULL CHECK (current_cost_per_hour >= 0),
            p99                   REAL    NOT NULL,  -- seconds, mean over the replications
            error_rate            REAL    NOT NULL,
            saturation            REAL,              -- the chosen configuration's own saturation load, NULL if not searched
            bottleneck            TEXT,
            evaluations           INTEGER NOT NULL CHECK (evaluations >= 0),
            wall_seconds          REAL    NOT NULL,
            result_json           TEXT    NOT NULL CHECK (json_valid(result_json))
        );
        CREATE INDEX plans_created_at ON plans (created_at);

        -- The runs a plan used: role 'evaluation' (a replication of a configuration, `configuration`
        -- its overrides) or 'headroom' (a probe of the saturation search on the chosen one), at
        -- traffic scale `scale`.
        CREATE TABLE plan_runs (
            plan_id       INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            run_id        INTEGER NOT NULL REFERENCES runs (id),
            role          TEXT    NOT NULL CHECK (role IN ('evaluation', 'headroom')),
            scale         REAL    NOT NULL CHECK (scale > 0),
            configuration TEXT    NOT NULL CHECK (json_valid(configuration) AND json_type(configuration) = 'array'),
            PRIMARY KEY (plan_id, run_id)
        );
        CREATE INDEX plan_runs_run_id ON plan_runs (run_id);
        """
}
