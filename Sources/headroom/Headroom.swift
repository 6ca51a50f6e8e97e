import ArgumentParser

/// The `headroom` command: thin glue over the library modules.
@main
struct Headroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "Simulate a SaaS architecture and find where it saturates.")
}
