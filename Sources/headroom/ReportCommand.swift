import ArgumentParser
import Foundation
import HeadroomReport
import HeadroomStore

/// `headroom report run|sweep|forecast|plan ID`: one self-contained HTML file about a stored
/// result.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report of a stored run, sweep, forecast or plan.",
        discussion: """
            The report is one HTML file with its charts drawn inline (SVG) and its style inline: \
            no scripts, fonts or links, so it opens anywhere, offline, and can be mailed or \
            attached as it is.

            Examples:
              headroom report run 12
              headroom report sweep 3 -o capacity.html
              headroom report run 12 -o - > run.html
            """,
        subcommands: [Run.self, Sweep.self, Forecast.self, Plan.self])

    /// `-o/--output` and `--db`, shared by the three kinds.
    struct Options: ParsableArguments {
        @Option(name: [.short, .customLong("output")], help: ArgumentHelp(
            "The HTML file to write ('-' for standard output).",
            discussion: "Default: report-KIND-ID.html in the working directory.", valueName: "file"),
            completion: .file(extensions: ["html"]))
        var output: String?

        @OptionGroup var store: StoreOptions

        /// Opens the store for reading only: it must exist (a report of a store that is not
        /// there is a typo), and a report never writes to it.
        func openExisting() throws -> RunStore {
            try store.openForReading()
        }

        /// Writes `html` to the output (default `report-KIND-ID.html`) and says where on stderr.
        func write(_ html: String, kind: String, id: Int64) throws {
            let path = output ?? "report-\(kind)-\(id).html"
            if path == "-" {
                StandardOutput.write(html)
                return
            }
            do {
                try writeChecked(Data(html.utf8), to: path)
            } catch {
                throw Failure("cannot write the report to '\(path)': \(error)")
            }
            printError("wrote \(path) (\(html.utf8.count / 1024 + 1) KiB)")
        }


        /// Runs `body`, turning report and store errors into messages with exit code 1.
        func make(_ body: () throws -> String, kind: String, id: Int64) throws {
            try exitingOnFailure {
                let html: String
                do {
                    html = try body()
                } catch let error as ReportError {
                    throw Failure(error.description)
                } catch let error as StoreError {
                    throw Failure(error.description)
                }
                try write(html, kind: kind, id: id)
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Report one stored run (with its replications, pooled).",
            discussion: """
                Summary with the SLO verdict, the topology with each component's utilization, \
                utilization bars, the metrics over time (throughput, p99, errors, queues, pool \
                usage, cache hit rates) with the alerts that fired shaded, and tables of \
                components and request classes. A run that is one of several replications \
                stands for its group.
                """)

        @Argument(help: "The run id (from `headroom runs`).") var id: Int64
        @OptionGroup var options: Options

        func run() throws {
            try options.make({ try RunHTMLReport.load(from: options.openExisting(), id: id).html() }, kind: "run", id: id)
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Report a stored sweep.",
            discussion: """
                Latency (mean and p99) against the swept value with the SLO line and the knee \
                (where p99 first exceeds the SLO, or the point of maximum curvature without one), \
                throughput and each component's utilization against it, a table of the points \
                and the topology. The x axis is the axis with the most values; every combination \
                of the others draws its own line.
                """)

        @Argument(help: "The sweep id (from `headroom sweeps`).") var id: Int64
        @OptionGroup var options: Options

        func run() throws {
            try options.make({ try SweepHTMLReport.load(from: options.openExisting(), id: id).html() }, kind: "sweep", id: id)
        }
    }

    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: "Report a stored saturation forecast (from `headroom saturate`).",
            discussion: """
                The saturation load with its confidence interval, the top three capacities there \
                and the next bottleneck, the operational-law bound, p99 (and errors) of every run \
                of the search against the load with the SLO line and the saturation point, the \
                service demands and the topology.
                """)

        @Argument(help: "The forecast id.") var id: Int64
        @OptionGroup var options: Options

        func run() throws {
            try options.make({ try ForecastHTMLReport.load(from: options.openExisting(), id: id).html() },
                             kind: "forecast", id: id)
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Report a stored capacity plan (from `headroom plan`).",
            discussion: """
                The planned configuration with its cost against the model's, p99 and errors with \
                intervals and the headroom it leaves; the cost–latency frontier of the \
                configurations judged; the path of steps; the topology now and as planned, with \
                each component's utilization at the planned load.
                """)

        @Argument(help: "The plan id (from `headroom plans`).") var id: Int64
        @OptionGroup var options: Options

        func run() throws {
            try options.make({ try PlanHTMLReport.load(from: options.openExisting(), id: id).html() }, kind: "plan", id: id)
        }
    }
}
