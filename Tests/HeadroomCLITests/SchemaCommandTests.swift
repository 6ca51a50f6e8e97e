import Foundation
import Testing

/// End-to-end: `headroom schema` prints and writes the model format's schema, and rewrites the
/// reference docs; bad paths are clear errors.
@Suite struct SchemaCommandTests {
    @Test func printsTheCheckedInSchema() throws {
        let out = try CLI.run(["schema"])
        #expect(out.status == 0, "\(out.stderr)")
        let file = try String(contentsOf: CLI.root.appendingPathComponent("docs/headroom.schema.json"), encoding: .utf8)
        #expect(out.stdout == file)
        #expect(out.json["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
    }

    @Test func writesToAFile() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("schema.json")
        let out = try CLI.run(["schema", "-o", file.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.isEmpty)
        let written = try Data(contentsOf: file)
        #expect((try JSONSerialization.jsonObject(with: written) as? [String: Any])?["definitions"] != nil)
    }

    @Test func rewritesTheGeneratedTablesOfAStaleCopy() throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("model-format.md")
        let docs = try String(contentsOf: CLI.root.appendingPathComponent("docs/model-format.md"), encoding: .utf8)
        let stale = docs.replacingOccurrences(of: "| identical servers c", with: "| STALE servers c")
        #expect(stale != docs)
        try stale.write(to: file, atomically: true, encoding: .utf8)
        let out = try CLI.run(["schema", "--reference", file.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == docs)
    }

    @Test func badPathsAreClearErrors() throws {
        let dir = CLI.temporaryDirectory()
        let missing = try CLI.run(["schema", "--reference", dir.appendingPathComponent("none.md").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("none.md: cannot read the file"))

        let plain = dir.appendingPathComponent("plain.md")
        try "# no markers\n".write(to: plain, atomically: true, encoding: .utf8)
        let unmarked = try CLI.run(["schema", "--reference", plain.path])
        #expect(unmarked.status == 1)
        #expect(unmarked.stderr.contains("plain.md: the reference document has no '<!-- generated: components.station -->'"))
        #expect(try String(contentsOf: plain, encoding: .utf8) == "# no markers\n")

        let unwritable = try CLI.run(["schema", "-o", dir.appendingPathComponent("no/such/dir/s.json").path])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot write the schema"))
    }
}
