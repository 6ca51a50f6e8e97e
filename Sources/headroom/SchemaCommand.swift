import ArgumentParser
import Foundation
import HeadroomModeling

/// `headroom schema`: the JSON Schema of the model format, for editors with the YAML language
/// server; `--reference FILE` rewrites the generated reference tables of docs/model-format.md.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the model format (for editor completion and checking).",
        discussion: """
            Editors with the YAML language server (VS Code's YAML extension, Neovim, Helix, …) complete and \
            check a model file given this schema. Save it once (`headroom schema -o headroom.schema.json`, or \
            use docs/headroom.schema.json) and put this line at the top of the model file:

              # yaml-language-server: $schema=../docs/headroom.schema.json

            The schema checks keys, kinds and ranges; rules that join several keys are checked by \
            `headroom validate`. Both come from the components' parameter tables.
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the schema to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp(
        "Rewrite the generated reference tables of a copy of docs/model-format.md in place, then stop.",
        valueName: "FILE"))
    var reference: String?

    func run() throws {
        try exitingOnFailure {
            if let reference {
                let text: String
                do {
                    text = try String(contentsOfFile: reference, encoding: .utf8)
                } catch {
                    throw Failure("\(reference): cannot read the file (\(error.localizedDescription))")
                }
                do {
                    let updated = try ReferenceDocs.update(text)
                    if updated != text { try writeChecked(Data(updated.utf8), to: reference) }
                } catch let problem as ReferenceDocsError {
                    throw Failure("\(reference): \(problem.description)")
                } catch {
                    throw Failure("\(reference): cannot write the file: \(error)")
                }
                return
            }
            if let output {
                do {
                    try writeChecked(Data(ModelSchema.text.utf8), to: output)
                } catch {
                    throw Failure("\(output): cannot write the schema: \(error)")
                }
            } else {
                StandardOutput.write(ModelSchema.text)
            }
        }
    }
}
