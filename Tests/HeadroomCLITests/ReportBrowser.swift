import Foundation

/// Headless Chromium, to check that reports parse and render in a real browser.
///
/// Runs as root in CI, so `--no-sandbox`; JavaScript is off (a report must not need it); each
/// call gets its own profile directory so that tests running at once do not share one.
enum ReportBrowser {
    /// The browser: `$CHROMIUM` if set, else the first of the usual names that exists.
    static let executable: String? = {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"], !path.isEmpty { return path }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                "/Applications/Chromium.app/Contents/MacOS/Chromium"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// What the browser made of a page.
    struct Rendering {
        /// The DOM after parsing, serialized (`--dump-dom`).
        var dom: String
        /// The screenshot's bytes (PNG).
        var png: Data
    }

    /// Loads `html` (a file) with scripts off, dumps its DOM and takes a screenshot of the top
    /// `width` × `height` pixels into `screenshot`. Gives up after `timeout` seconds.
    static func render(_ html: URL, screenshot: URL, width: Int = 1280, height: Int = 2400,
                       timeout: TimeInterval = 90) throws -> Rendering {
        guard let executable else { throw BrowserError("no Chromium found (install `chromium` or set CHROMIUM)") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-javascript", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", "--user-data-dir=\(profile.path)",
            "--window-size=\(width),\(height)", "--screenshot=\(screenshot.path)", "--dump-dom", html.absoluteString,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = DispatchTime.now() + timeout
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: killer)
        let dom = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BrowserError("chromium failed (status \(process.terminationStatus)) on \(html.path)")
        }
        return Rendering(dom: String(decoding: dom, as: UTF8.self), png: try Data(contentsOf: screenshot))
    }

    /// Width and height of a PNG, from its IHDR chunk; nil when `data` is not a PNG.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    struct BrowserError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
