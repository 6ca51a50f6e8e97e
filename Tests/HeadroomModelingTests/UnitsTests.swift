@testable import HeadroomModeling
import Testing

@Suite("Units")
struct UnitsTests {
    static let durations: [(String, Double)] = [
        ("250us", 250e-6), ("250µs", 250e-6), ("250μs", 250e-6), ("8ms", 0.008), ("2s", 2), ("1.5s", 1.5),
        ("10m", 600), ("10min", 600), ("1h", 3600), ("1d", 86_400), ("0", 0), ("0s", 0), ("5 ms", 0.005),
        (".5s", 0.5), ("1e3ms", 1), ("1_000s", 1000), ("-5s", -5), ("100ns", 1e-7),
    ]

    @Test("durations with units", arguments: durations)
    func goodDurations(text: String, seconds: Double) throws {
        let value = try #require(Units.duration(text))
        #expect(abs(value - seconds) <= 1e-12 * max(1, seconds))
    }

    @Test("bad durations", arguments: ["5", "2.5", "5xs", "abc", "", "s", "5 sec", "1.2.3s", "inf", "nan", "5s5", "1e308d"])
    func badDurations(text: String) {
        #expect(Units.duration(text) == nil)
    }

    @Test func durationReadingsSayWhyTheyFail() {
        #expect(Units.readDuration("5") == .missingUnit(5))
        #expect(Units.readDuration("5xs") == .unknownUnit("xs"))
        #expect(Units.readDuration("fast") == .notANumber)
    }

    static let rates: [(String, Double)] = [
        ("1200/s", 1200), ("5/m", 5.0 / 60), ("5/min", 5.0 / 60), ("100/h", 100.0 / 3600), ("0.8/s", 0.8),
        ("2/d", 2.0 / 86_400), ("3 / s", 3),
    ]

    @Test("rates", arguments: rates)
    func goodRates(text: String, perSecond: Double) throws {
        let value = try #require(Units.rate(text))
        #expect(abs(value - perSecond) <= 1e-12 * max(1, perSecond))
    }

    @Test("bad rates", arguments: ["1200", "5/x", "5/", "per/s", "5s", "0.8"])
    func badRates(text: String) {
        #expect(Units.rate(text) == nil)
    }

    @Test func rateReadingsSayWhyTheyFail() {
        #expect(Units.readRate("900") == .missingUnit(900))
        #expect(Units.readRate("5/x") == .unknownUnit("/x"))
    }

    static let fractions: [(String, Double)] = [
        ("80%", 0.8), ("0.8", 0.8), ("100%", 1), ("1", 1), ("0", 0), ("12.5%", 0.125), ("150%", 1.5), ("-10%", -0.1),
    ]

    @Test("fractions", arguments: fractions)
    func goodFractions(text: String, value: Double) throws {
        let read = try #require(Units.fraction(text))
        #expect(abs(read - value) <= 1e-15)
    }

    @Test("bad fractions", arguments: ["80 percent", "abc", "%", "0.8/s", ""])
    func badFractions(text: String) {
        #expect(Units.fraction(text) == nil)
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    @Test func nearestKey() {
        let keys = ["type", "servers", "capacity", "timeout", "service"]
        #expect(Suggestion.nearest(to: "servrs", in: keys) == "servers")
        #expect(Suggestion.nearest(to: "capcity", in: keys) == "capacity")
        #expect(Suggestion.nearest(to: "tiemout", in: keys) == "timeout")  // a swap is one edit
        #expect(Suggestion.nearest(to: "Servers", in: keys) == "servers")
        #expect(Suggestion.nearest(to: "colour", in: keys) == nil)
    }

    @Test func editDistance() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("ab", "ba") == 1)
        #expect(Suggestion.editDistance("same", "same") == 0)
    }
}

@Suite("Formatting")
struct FormattingTests {
    @Test func durationsInTheUnitAFileWouldUse() {
        #expect(Formatting.seconds(0.003) == "3ms")
        #expect(Formatting.seconds(0.0002) == "200us")
        #expect(Formatting.seconds(1.5) == "1.5s")
        #expect(Formatting.seconds(100) == "100s")
        #expect(Formatting.seconds(120) == "2m")
        #expect(Formatting.seconds(7200) == "2h")
        #expect(Formatting.seconds(0) == "0s")
        #expect(Formatting.percent(1.1) == "110%")
    }
}
