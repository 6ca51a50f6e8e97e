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
        @OptionGroup var store: StoreOptions

        func run() throws {
            try exitingOnFailure {
                let runStore = try store.openForReading()
                let forecasts: [StoredForecast]
                do {
                    forecasts = try runStore.listForecasts(limit: limit)
                } catch {
                    throw Failure("\(error)")
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
