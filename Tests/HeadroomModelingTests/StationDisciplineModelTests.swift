import Foundation
import HeadroomComponents
import HeadroomKernel
@testable import HeadroomModeling
import Testing

/// Reading a station's `discipline`, `wakeup`, `context_switch` and `quantum`, good input and bad.
@Suite("Station disciplines")
struct StationDisciplineModelTests {
    static func station(_ line: String) -> String {
        model(components: "      \(line)", flow: "    - visit: cpu")
    }

    @Test func readsEveryKeyWithUnits() throws {
        let spec = try ModelLoader.load(text: Self.station(
            "cpu: { type: station, servers: 2, service: 1ms, discipline: ps, wakeup: 150us, context_switch: 5us, quantum: 2ms }"
        ), file: "ps.yaml").spec
        guard case .station(let station) = spec.components[0].kind else {
            Issue.record("not a station")
            return
        }
        #expect(station.servers == 2 && station.discipline == .ps)
        #expect(abs(station.wakeup! - 150e-6) < 1e-15)
        #expect(abs(station.contextSwitch! - 5e-6) < 1e-15)
        #expect(abs(station.quantum - 0.002) < 1e-15)
        #expect(abs(station.switchEfficiency - 2.0 / 2.005) < 1e-12)
    }

    @Test func defaultsAreTodaysFifoStation() throws {
        let spec = try ModelLoader.load(text: Self.station("cpu: { type: station, service: 1ms }"), file: "s.yaml").spec
        guard case .station(let station) = spec.components[0].kind else {
            Issue.record("not a station")
            return
        }
        #expect(station.discipline == .fifo)
        #expect(station.wakeup == nil && station.contextSwitch == nil)
        #expect(station.switchEfficiency == 1)
    }

    @Test func unknownDisciplineListsTheChoices() throws {
        let d = try onlyDiagnostic(Self.station("cpu: { type: station, service: 1ms, discipline: lifo }"))
        #expect(d.path == "components.cpu.discipline")
        #expect(d.message == "unknown discipline 'lifo' (expected one of: fifo, ps)")
    }

    @Test func contextSwitchOnlyWithProcessorSharing() throws {
        let d = try onlyDiagnostic(Self.station("cpu: { type: station, service: 1ms, context_switch: 5us }"))
        #expect(d.path == "components.cpu.context_switch")
        #expect(d.message.hasPrefix("context_switch is used only with discipline ps"))
        let q = try onlyDiagnostic(Self.station("cpu: { type: station, service: 1ms, quantum: 2ms }"))
        #expect(q.path == "components.cpu.quantum")
    }

    @Test func timeoutMeansNothingUnderProcessorSharing() throws {
        let d = try onlyDiagnostic(Self.station("cpu: { type: station, service: 1ms, discipline: ps, timeout: 1s }"))
        #expect(d.path == "components.cpu.timeout")
        #expect(d.message.hasPrefix("timeout is the longest wait in a FIFO queue"))
    }

    @Test func wakeupIsADuration() throws {
        let d = try onlyDiagnostic(Self.station("cpu: { type: station, service: 1ms, wakeup: 3 }"))
        #expect(d.path == "components.cpu.wakeup")
    }

    /// A spec stored before the discipline existed (no such keys in its JSON) reads as a FIFO
    /// station without wake-up costs.
    @Test func olderStoredSpecsDecode() throws {
        let json = #"{"name":"cpu","servers":2}"#
        let station = try JSONDecoder().decode(StationSpec.self, from: Data(json.utf8))
        #expect(station == StationSpec(name: "cpu", servers: 2))
    }
}
