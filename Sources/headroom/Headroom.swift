import ArgumentParser
import HeadroomBuild

/// The `headroom` command: thin glue over the library modules.
@main
struct Headroom: ParsableCommand {
    /// The tool's version, stored with every run.
    static let version = "0.1.0"

    /// The commit a release binary was built from (`scripts/install`), nil for a plain build.
    static let commit: String? = {
        let text = String(cString: headroom_build_commit())
        return text.isEmpty ? nil : text
    }()

    /// What `headroom --version` prints: `0.1.0 (commit 1a2b3c4d5e6f)`, or
    /// `0.1.0 (unknown commit)` for a build that was not given one.
    static let versionText = "\(version) (" + (commit.map { "commit \($0)" } ?? "unknown commit") + ")"

    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "Simulate a SaaS architecture and find where it saturates.",
        discussion: """
            Describe an architecture in a YAML model file (see docs/model-format.md), run it, and \
            read throughput, latency percentiles and per-component utilization. Every run is \
            stored in SQLite (headroom.sqlite, or --db / HEADROOM_DB).
            """,
        version: versionText,
        subcommands: [RunCommand.self, ValidateCommand.self, RunsCommand.self, ExplainCommand.self, WhatIfCommand.self, CompareCommand.self,
                      SweepCommand.self, SweepsCommand.self, MergeCommand.self, SaturateCommand.self, ReportCommand.self,
                      ForecastsCommand.self, SchemaCommand.self, TraceCommand.self, TraceStatsCommand.self, PlanCommand.self, WatchCommand.self,
                      PlansCommand.self, CalibrateCommand.self])
}
