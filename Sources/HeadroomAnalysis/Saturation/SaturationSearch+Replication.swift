import Dispatch
import Foundation
import HeadroomComponents

extension SaturationSearch {
    /// Makes one run: the model at a value, relaxed if asked, with replication i's seed and the
    /// early-stop guard.
    struct Prober: Sendable {
        let search: SaturationSearch
        let relaxing: ResourceDeclaration?
        let progress: (@Sendable (SaturationForecast.Probe) -> Void)?

        /// One run at `value`. A light run (role `.light`) is not stopped early by the SLO: the
        /// operational bound needs its demands whole. `length` multiplies the measured part of
        /// the run (after warm-up).
        func run(_ value: Double, replication: Int, role: SaturationForecast.Probe.Role, length: Double = 1) throws -> Run {
            var spec = try search.makeSpec(value)
            if length != 1 { spec.duration = spec.warmup + (spec.duration - spec.warmup) * length }
            if let relaxing {
                guard let relaxed = spec.relaxing(relaxing, by: SaturationSearch.relaxation) else {
                    throw SaturationError("cannot relax \(relaxing.group) (\(relaxing.sizedBy))")
                }
                spec = relaxed
            }
            spec.seed = Replications.seed(spec.seed, replication: replication)
            spec = spec.guardedForSearch(search.serviceLevel, stopEarly: role != .light)
            let started = DispatchTime.now().uptimeNanoseconds
            let result = Simulation.run(spec)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let margin = search.serviceLevel.margin(of: result)
            let errors = Double(result.requests.errors)
            let finished = Double(result.requests.completed) + errors
            let probe = SaturationForecast.Probe(
                role: role, replication: replication, value: value, margin: margin, meets: margin > 0,
                status: result.status, throughput: result.throughput,
                p99: result.latency.count > 0 ? result.latency.p99 : .infinity,
                errorRate: finished > 0 ? errors / finished : 0)
            progress?(probe)
            return Run(probe: probe, result: result, spec: spec, wallSeconds: wall)
        }
    }

    /// One replication's search for its crossing, run sequentially at its own seed.
    struct ReplicationSearch: Sendable {
        var runs: [Run] = []
        /// Where this replication's margin crosses zero; nil when it found no crossing.
        var estimate: Double?
        /// The run at the highest value that met the SLO.
        var lastMeeting: Run?
        var failsAtStart = false
        var error: SaturationError?

        init(
            prober: Prober, replication: Int, role: SaturationForecast.Probe.Role, light: Double, lightRun: Run?,
            high: Double, settings: Settings
        ) {
            do {
                try search(prober, replication, role, light, lightRun, high, settings)
            } catch let failure as SaturationError {
                error = failure
            } catch {
                self.error = SaturationError("\(error)")
            }
        }

        private mutating func search(
            _ prober: Prober, _ replication: Int, _ role: SaturationForecast.Probe.Role, _ light: Double,
            _ lightRun: Run?, _ initialHigh: Double, _ settings: Settings
        ) throws {
            let low = try lightRun ?? prober.run(light, replication: replication, role: role)
            if lightRun == nil { runs.append(low) }
            guard low.probe.meets else {
                failsAtStart = true
                return
            }
            lastMeeting = low
            var lowValue = light
            var lowMargin = low.probe.margin
            var highValue = initialHigh
            var highRun = try prober.run(highValue, replication: replication, role: role)
            runs.append(highRun)
            // The bound may be loose (an SLO on errors only, a short run): widen until it misses.
            var widenings = 0
            while highRun.probe.meets {
                guard widenings < 6 else { return }
                widenings += 1
                lowValue = highValue
                lowMargin = highRun.probe.margin
                lastMeeting = highRun
                highValue *= 1.5
                highRun = try prober.run(highValue, replication: replication, role: role)
                runs.append(highRun)
            }
            var bracket = RootBracket(low: lowValue, lowMargin: lowMargin, high: highValue,
                                      highMargin: highRun.probe.margin)
            while !bracket.isNarrow(tolerance: settings.tolerance), runs.count < settings.maxProbesPerReplication {
                let value = bracket.next()
                let run = try prober.run(value, replication: replication, role: role)
                runs.append(run)
                bracket.update(value, margin: run.probe.margin)
                if run.probe.meets, value >= (lastMeeting?.probe.value ?? 0) { lastMeeting = run }
            }
            estimate = bracket.estimate
        }
    }
}

/// A saturation search that could not go on, worded for the user.
public struct SaturationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
