import ArgumentParser
import Foundation
import HeadroomAnalysis
import HeadroomStore

/// `headroom forecasts`: lists the stored saturation forecasts; `headroom forecasts show ID`
/// prints one as `headroom saturate` did.
struct ForecastsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecasts",
        abstract: "List the saturation forecasts in the store.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List stored forecasts, newest first.")

        @Option(help: ArgumentHelp("Most forecasts to list.", valueName: "n")) var limit = 50
        @Flag(help: ArgumentHelp(
            "Print the list as a JSON array, newest first.",
            discussion: "Each: id, created_at (UTC), model, file, overrides, axis, status, saturation (on the axis) "
                + "with lower and upper (its 95 % interval), saturation_rate and bound_rate (requests per second), "
                + "bottleneck, next_bottleneck, replications, runs, wall_seconds; null where the forecast has none; "
                + "[] when there are none."))
        var json = false
        @OptionGroup var store: StoreOptions

        /// One forecast in `--json`.
        struct Entry: Encodable {
            var id: Int64
            var createdAt: String
            var model: String
            var file: String
            var overrides: [String]
            var axis: String
            var status: String
            var saturation: Double?
            var lower: Double?
            var upper: Double?
            var saturationRate: Double?
            var boundRate: Double?
            var bottleneck: String?
            var nextBottleneck: String?
            var replications: Int
            var runs: Int
            var wallSeconds: Double

            enum CodingKeys: String, CodingKey {
                case id, createdAt, model, file, overrides, axis, status, saturation, lower, upper, saturationRate
                case boundRate, bottleneck, nextBottleneck, replications, runs, wallSeconds
            }

            /// Every key present, null where the forecast has no value.
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(createdAt, forKey: .createdAt)
                try c.encode(model, forKey: .model)
                try c.encode(file, forKey: .file)
                try c.encode(overrides, forKey: .overrides)
                try c.encode(axis, forKey: .axis)
                try c.encode(status, forKey: .status)
                try c.encode(saturation, forKey: .saturation)
                try c.encode(lower, forKey: .lower)
                try c.encode(upper, forKey: .upper)
                try c.encode(saturationRate, forKey: .saturationRate)
                try c.encode(boundRate, forKey: .boundRate)
                try c.encode(bottleneck, forKey: .bottleneck)
                try c.encode(nextBottleneck, forKey: .nextBottleneck)
                try c.encode(replications, forKey: .replications)
                try c.encode(runs, forKey: .runs)
                try c.encode(wallSeconds, forKey: .wallSeconds)
            }

            init(_ f: StoredForecast) {
                id = f.id
                createdAt = RunsCommand.List.timestamp(f.createdAt)
                model = f.modelName
                file = f.modelFile
                overrides = f.overrides
                axis = f.axis
                status = f.status
                saturation = f.saturation
                lower = f.lower
                upper = f.upper
                saturationRate = f.saturationRate
                boundRate = f.boundRate
                bottleneck = f.bottleneck
                nextBottleneck = f.nextBottleneck
                replications = f.replications
                // The listing does not load the run ids; the forecast lists every run it made.
                runs = (try? f.decodeResult(SaturationForecast.self))?.probes.count ?? f.runs.count
                wallSeconds = f.wallSeconds
            }
        }

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let forecasts: [StoredForecast]
                do {
                    forecasts = try runStore.listForecasts(limit: limit)
                } catch {
                    throw Failure("\(error)")
                }
                if json {
                    print(try JSONOutput.string(forecasts.map(Entry.init)))
                    return
                }
                guard !forecasts.isEmpty else {
                    print("no forecasts in \(store.path)")
                    return
                }
                var rows = [["id", "created", "model", "axis", "status", "saturation", "rate", "bound", "bottleneck", "runs"]]
                for f in forecasts {
                    let forecast = try? f.decodeResult(SaturationForecast.self)
                    let axis = forecast?.axis ?? SaturationAxis(name: f.axis, unit: .number)
                    rows.append([
                        String(f.id), RunsCommand.List.timestamp(f.createdAt), f.modelName, f.axis, f.status,
                        f.saturation.map(axis.format) ?? "-", f.saturationRate.map { Format.number($0) + "/s" } ?? "-",
                        f.boundRate.map { Format.number($0) + "/s" } ?? "-", f.bottleneck ?? "-",
                        String(forecast?.probes.count ?? 0),
                    ])
                }
                print(Format.table(rows))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print one stored forecast.")

        @Argument(help: ArgumentHelp("The forecast's id.", valueName: "id")) var id: Int64
        @Flag(help: "Print the forecast as JSON, with every run it made.") var json = false
        @OptionGroup var store: StoreOptions

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let stored: StoredForecast?
                do {
                    stored = try runStore.forecast(id: id)
                } catch {
                    throw Failure("\(error)")
                }
                guard let stored else { throw Failure("no forecast \(id) in \(store.path) (see headroom forecasts)") }
                let forecast: SaturationForecast
                do {
                    forecast = try stored.decodeResult(SaturationForecast.self)
                } catch {
                    throw Failure("forecast \(id) in \(store.path) cannot be read: \(error)")
                }
                if json {
                    print(try JSONOutput.string(forecast))
                } else {
                    print(forecast.text)
                    print("")
                    print("\(stored.modelFile), \(RunsCommand.List.timestamp(stored.createdAt)); runs: "
                          + "\(stored.runs.first?.runID ?? 0)–\(stored.runs.last?.runID ?? 0) (headroom runs show ID)")
                }
            }
        }
    }
}
