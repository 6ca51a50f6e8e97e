import ArgumentParser

/// The `headroom` command: thin glue over the library modules.
@main
struct Headroom: ParsableCommand {
    /// The tool's version, stored with every run.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "Simulate a SaaS architecture and find where it saturates.",
        discussion: """
            Describe an architecture in a YAML model file (see docs/model-format.md), run it, and \
            read throughput, latency percentiles and per-component utilization. Every run is \
            stored in SQLite (headroom.sqlite, or --db / HEADROOM_DB).
            """,
        version: version,
        subcommands: [RunCommand.self, ValidateCommand.self, RunsCommand.self, ExplainCommand.self, WhatIfCommand.self, CompareCommand.self,
                      SweepCommand.self, SweepsCommand.self, MergeCommand.self, SaturateCommand.self, ReportCommand.self,
                      ForecastsCommand.self, SchemaCommand.self, TraceCommand.self, TraceStatsCommand.self, PlanCommand.self, WatchCommand.self,
                      PlansCommand.self])
}
