import ArgumentParser
import HeadroomAnalysis
import HeadroomModeling

/// `headroom trace MODEL`: the first events of a run, told in order, for following a queue by
/// hand.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Tell the first events of a run in order: time, request, station, what happened, queue, busy servers.",
        discussion: """
            Runs the model from time 0 without warm-up and prints its first --events state \
            changes: a request arrives, waits in a station's queue, starts service, frees its \
            server, is turned away or times out, leaves the system (with its response time). After \
            each, the station's queue length and busy servers. Nothing is stored. --json prints \
            one document (`lines`: time, request, event, station, what, queue, busy, servers) for \
            notebooks.

            Examples:
              headroom trace models/textbook/mm1.yaml --events 40
              headroom trace models/textbook/mmc.yaml --events 200 --set traffic.rate=3.9/s --json
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("How many events to tell (1 to \(EventNarration.maximumEvents)).", valueName: "n"))
    var events: Int = 40

    @Flag(help: "Print one JSON document instead of the table.")
    var json = false

    func validate() throws {
        guard (1...EventNarration.maximumEvents).contains(events) else {
            throw ValidationError("--events must be from 1 to \(EventNarration.maximumEvents), found \(events)")
        }
    }

    func run() throws {
        try exitingOnFailure {
            let loaded = try model.load()
            let narration = EventNarration.narrate(loaded.spec, events: events)
            print(json ? try JSONOutput.string(narration) : narration.text, terminator: json ? "\n" : "")
        }
    }
}
