import Testing
@testable import HeadroomReport

@Suite struct HTMLTests {
    @Test func escapesEveryMarkupCharacter() {
        #expect(HTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.escape("plain text, ünïcödé ✓") == "plain text, ünïcödé ✓")
    }

    @Test func dropsControlCharactersButKeepsLineBreaks() {
        #expect(HTML.escape("a\u{0}b\u{7}c\td\ne\r\nf\u{85}") == "a" + "b" + "c\td\ne\nf")
    }

    @Test func slugsAreSafeIdentifiers() {
        #expect(HTML.slug("db.primary") == "db-primary")
        #expect(HTML.slug("Load_Balancer") == "load-balancer")
        #expect(HTML.slug("\"><script>") == "script")
        #expect(HTML.slug("") == "x")
    }

    @Test func tablesEscapeNothingTwice() {
        let table = HTML.table(header: ["a"], rows: [[HTML.escape("<b>")]], numeric: [0])
        #expect(table.contains("<td class=\"num\">&lt;b&gt;</td>"))
        #expect(!table.contains("&amp;lt;"))
    }
}
