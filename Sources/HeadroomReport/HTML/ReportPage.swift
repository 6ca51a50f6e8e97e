/// The frame every report shares: one HTML5 document with its style sheet inline, a heading and
/// `<section>`s with stable ids, and nothing that loads anything (no scripts, fonts, images or
/// links; a Content-Security-Policy says so to the browser).
struct ReportPage {
    /// One part of the report, e.g. `summary`, `topology`.
    struct Section {
        /// The element's id: tests and links find the part by it.
        var id: String
        var title: String
        /// Already-escaped inner HTML.
        var body: String
    }

    /// `run`, `sweep` or `forecast`: the body's class.
    var kind: String
    /// The document's title (the browser tab) and the page heading.
    var title: String
    /// Already-escaped HTML under the heading.
    var subtitle: String
    /// Already-escaped HTML right under the heading, before the first section: the verdict a
    /// reader should get even if they read nothing else.
    var headline: String?
    var sections: [Section] = []
    /// Already-escaped text at the bottom.
    var footer: String

    func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="generator" content="headroom report">
            <title>\(HTML.escape(title)) · Headroom</title>
            <style>
            \(ReportStyle.css)</style>
            </head>
            <body class="report report-\(HTML.slug(kind))">
            <main>
            <header class="page-header">
            <p class="eyebrow">Headroom \(HTML.escape(kind)) report</p>
            <h1>\(HTML.escape(title))</h1>
            <p class="subtitle">\(subtitle)</p>
            </header>

            """
        if let headline { out += headline + "\n\n" }
        for section in sections {
            out += "<section id=\"\(HTML.escape(section.id))\">\n<h2>\(HTML.escape(section.title))</h2>\n\(section.body)\n</section>\n\n"
        }
        out += "<footer>\(footer)</footer>\n</main>\n</body>\n</html>\n"
        return out
    }
}
