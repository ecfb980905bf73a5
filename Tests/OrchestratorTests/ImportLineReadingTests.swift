import Foundation
import Testing

/// Import reads each line once (ADR 0026) and takes what it took when every line went through
/// `JSONSerialization`: the same stored bytes for every number, the same values quoted in its
/// messages, the same lines accepted. The expected bytes and messages are those the earlier
/// import gave.
@Suite("Import reads a line as before")
struct ImportLineReadingTests {
    let folder = ScratchFolder("import-read")

    /// An export line of a type this orchestrator does not know (copied as it is), with `data` and
    /// any envelope value given as raw JSON text.
    static func line(position: String = "1", revision: String = "0", schemaVersion: String = "1", data: String) -> String {
        #"{"position":\#(position),"stream":"notes/1","revision":\#(revision),"id":"\#(UUID().uuidString.lowercased())","type":"OpaqueNote","schemaVersion":\#(schemaVersion),"timeMs":1795000000000,"actor":"alice","contentType":"application/json","data":\#(data)}"#
    }

    /// The payload bytes the imported store holds for its first event, as export gives them.
    func storedPayload(importing lines: [String]) throws -> String {
        let target = folder.child("store-\(UUID().uuidString)")
        let imported = try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n"))
        try #require(imported.exitCode == 0, "\(imported.stderr)")
        let exported = try OrchestratorProcess.run(["export", "--store", target]).stdout
        let first = try #require(exported.split(separator: "\n").first.map(String.init))
        if let range = first.range(of: #","data":"#) { return String(first[range.upperBound...].dropLast()) }
        let base64 = try #require(first.range(of: #","payloadBase64":""#))
        return String(decoding: try #require(Data(base64Encoded: String(first[base64.upperBound...].dropLast(2)))), as: UTF8.self)
    }

    func refusal(importing lines: [String]) throws -> String {
        let target = folder.child("refused")
        let outcome = try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n"))
        #expect(outcome.exitCode == 65)
        #expect(!FileManager.default.fileExists(atPath: target))
        return outcome.stderr
    }

    @Test(arguments: [
        ("1", "1"), ("-0", "0"), ("1.0", "1"), ("1.5", "1.5"), ("1e2", "100"), ("1E2", "100"), ("1E-2", "0.01"),
        ("1e-400", "0"), ("5e-324", "5e-324"), ("0.30000000000000004", "0.30000000000000004"),
        ("12345678901234567890", "12345678901234567890"), ("18446744073709551616", "18446744073709551616"),
        ("123456789012345678901", "123456789012345678901"), ("-9223372036854775808", "-9223372036854775808"),
        ("-9223372036854775809", "-9223372036854775809"), ("-1234567890123456789", "-1234567890123456789"),
        ("1.0000000000000000001", "1.0000000000000000001"), ("9007199254740993.0", "9007199254740993"),
        ("1e15", "1000000000000000"), ("1e16", "1e+16"), ("9e15", "9000000000000000.0"), ("2.5e-5", "2.5e-05"),
        ("12345678901234567890123456789012345678901234567890", "12345678901234567890123456789012345678900000000000"),
        ("12345678901234567890e200", "1.2345678901234568e+219"), ("1.5e300", "1.5e+300"), ("-0.0", "0"),
    ])
    func aNumberInDataIsStoredAsBefore(text: String, stored: String) throws {
        #expect(try storedPayload(importing: [Self.line(data: #"{"n":\#(text)}"#)]) == #"{"n":\#(stored)}"#)
    }

    @Test(arguments: ["1e400", "1E400", "-1e309"])
    func aNumberNoDoubleOrDecimalHoldsMakesTheLineNotJSON(text: String) throws {
        #expect(try refusal(importing: [Self.line(data: #"{"n":\#(text)}"#)]) == "orchestrator: stdin line 1: not a JSON object\n")
    }

    @Test(arguments: [
        (line(position: "1.0", data: "{}"), "position: expected a non-negative integer, got 1.0"),
        (line(position: "-1", data: "{}"), "position: expected a non-negative integer, got -1"),
        (line(position: "true", data: "{}"), "position: expected a non-negative integer, got true"),
        (line(position: #""1""#, data: "{}"), "position: expected a non-negative integer, got 1"),
        (line(position: "null", data: "{}"), "position: expected a non-negative integer, got <null>"),
        (line(position: "[1,2]", data: "{}"), "position: expected a non-negative integer, got [1, 2]"),
        (line(position: "18446744073709551616", data: "{}"), "position: expected a non-negative integer, got 18446744073709551616"),
        (line(revision: "1e2", data: "{}"), "revision: expected a non-negative integer, got 100.0"),
        (line(schemaVersion: "4294967296", data: "{}"), "schemaVersion: expected a schema version (0 to 4294967295), got 4294967296"),
    ])
    func anEnvelopeNumberIsQuotedAsBefore(line: String, message: String) throws {
        #expect(try refusal(importing: [line]) == "orchestrator: stdin line 1: \(message)\n")
    }

    /// A whole number written with a point, or past an Int64, is read as the number it is.
    @Test(arguments: ["9007199254740993.0", "9223372036854775808"])
    func aWholeNumberWrittenWithAPointOrPastInt64IsReadAsBefore(revision: String) throws {
        let value = revision.replacingOccurrences(of: ".0", with: "")
        #expect(try refusal(importing: [Self.line(data: "{}"), Self.line(position: "2", revision: revision, data: "{}")])
            == "orchestrator: stdin line 2: stream 'notes/1' revision \(value), expected 1 (each stream's revisions run from 0 without gaps)\n")
    }

    /// `JSONSerialization` took a comma before a closing bracket and a byte order mark, so such a
    /// line imported; it still does, with the payload in canonical form.
    @Test func aTrailingCommaOrAByteOrderMarkStillImports() throws {
        let trailing = Self.line(data: #"{"b":[1,2,],"a":{"x":null,},}"#).dropLast() + ",}"
        #expect(try storedPayload(importing: [String(trailing)]) == #"{"a":{"x":null},"b":[1,2]}"#)
        #expect(try storedPayload(importing: ["\u{FEFF}" + Self.line(data: #"{"k":"v"}"#)]) == #"{"k":"v"}"#)
        #expect(try refusal(importing: [Self.line(data: "[1,,2]")]) == "orchestrator: stdin line 1: not a JSON object\n")
        #expect(try refusal(importing: [Self.line(data: "[,]")]) == "orchestrator: stdin line 1: not a JSON object\n")
    }

    @Test func aKeyGivenTwiceIsNamedByItsPathEvenBesideATrailingComma() throws {
        #expect(try refusal(importing: [Self.line(data: #"{"x":[{"k":1},{"k":2,"k":3}]}"#)])
            == "orchestrator: stdin line 1: data.x[1].k: the key is given twice (one of the two would be dropped)\n")
        #expect(try refusal(importing: [Self.line(data: #"{"k":1,"k":2,}"#)])
            == "orchestrator: stdin line 1: data.k: the key is given twice (one of the two would be dropped)\n")
    }

    /// Arrays and objects nest 512 deep, as `JSONSerialization` reads them (the line is one of them).
    @Test func arraysNestFiveHundredElevenDeepInsideTheLine() throws {
        let deepest = String(repeating: "[", count: 511) + "1" + String(repeating: "]", count: 511)
        #expect(try storedPayload(importing: [Self.line(data: deepest)]) == deepest)
        let deeper = "[" + deepest + "]"
        #expect(try refusal(importing: [Self.line(data: deeper)]) == "orchestrator: stdin line 1: not a JSON object\n")
    }

    @Test(arguments: [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "\"a\u{01}b\"", #""\x""#, "\"open"])
    func aStringJSONDoesNotAllowMakesTheLineNotJSON(text: String) throws {
        #expect(try refusal(importing: [Self.line(data: text)]) == "orchestrator: stdin line 1: not a JSON object\n")
    }

    @Test func escapesAreReadAsBefore() throws {
        #expect(try storedPayload(importing: [Self.line(data: #"{"s":"a\/b\u00e9\ud83d\ude00\n\"\\"}"#)]) == #"{"s":"a/bé😀\n\"\\"}"#)
    }
}
