import Foundation
import PropertyBased
import Testing
@testable import UpgradeDomain

/// A watch line read in one pass, keeping only what the events need, against the same line
/// decoded whole by `JSONDecoder` and walked (the path every line took before): the same event,
/// or the same refusal (line, path and problem; an invalid-JSON refusal by its kind, since its
/// explanation is new and names the column).
@Suite("A watch line read selectively is the line decoded whole")
struct CAPIWatchLineDifferentialTests {
    typealias F = TemplateFixtures

    enum Outcome: Equatable, CustomStringConvertible {
        case event(CAPIWatchEvent)
        case refused(line: Int?, path: String, problem: CAPIWatchParseError.Problem)

        init(_ parse: () throws(CAPIWatchParseError) -> CAPIWatchEvent) {
            do throws(CAPIWatchParseError) {
                self = .event(try parse())
            } catch {
                var problem = error.problem
                if case .invalidJSON = problem { problem = .invalidJSON("") }
                self = .refused(line: error.line, path: error.path, problem: problem)
            }
        }

        var description: String {
            switch self {
            case .event(let event): "\(event)"
            case .refused(let line, let path, let problem): "refused \(line.map(String.init) ?? "-") \(path) \(problem)"
            }
        }
    }

    static func selective(_ line: String) -> Outcome { Outcome { () throws(CAPIWatchParseError) in try CAPIWatchEventParser.parse(line: line) } }
    static func whole(_ line: String) -> Outcome { Outcome { () throws(CAPIWatchParseError) in try CAPIWatchEventParser.parseDecodingWholeLine(line) } }

    @Test("arbitrary lines parse to the same event, or are refused with the same error")
    func arbitraryLines() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var writer = WatchLineWriter(seed: seed)
            for _ in 0..<50 {
                let line = writer.line()
                #expect(Self.selective(line) == Self.whole(line), "seed \(seed): \(line)")
            }
        }
    }

    @Test("with everything kept, the line's value is JSONDecoder's, and refused where it refuses")
    func wholeValues() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var writer = WatchLineWriter(seed: seed)
            for _ in 0..<50 {
                let line = writer.line()
                let selective = try? SelectiveJSONParser.parse(line, keeping: .whole)
                let decoded = try? CAPIWatchEventParser.decodeJSON(line)
                #expect(selective == decoded, "seed \(seed): \(line)")
                if let selective, let decoded { #expect(selective.typeNames == decoded.typeNames, "seed \(seed): \(line)") }
            }
        }
    }

    /// The arbitrary lines reach every outcome: each event type, and each kind of refusal.
    @Test("the arbitrary lines cover events of every type and refusals of every kind")
    func coverage() {
        var seen: Set<String> = []
        for seed in 0..<200 {
            var writer = WatchLineWriter(seed: seed)
            for _ in 0..<50 {
                switch Self.selective(writer.line()) {
                case .event(let event): seen.insert(event.typeName)
                case .refused(_, _, let problem):
                    switch problem {
                    case .invalidJSON: seen.insert("invalidJSON")
                    case .missing: seen.insert("missing")
                    case .wrongType: seen.insert("wrongType")
                    case .unsupportedValue: seen.insert("unsupportedValue")
                    case .outOfRange: seen.insert("outOfRange")
                    case .bareObject: seen.insert("bareObject")
                    }
                }
            }
        }
        #expect(seen == ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "invalidJSON", "missing",
                         "wrongType", "unsupportedValue", "outOfRange", "bareObject"])
    }

    @Test("a stream's events and its first refusal, with its line number, are the same")
    func streams() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var writer = WatchLineWriter(seed: seed)
            let lines = (0..<8).map { _ in writer.line() }
            var expected: Outcome?
            for (index, line) in lines.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty, case .refused(_, let path, let problem) = Self.whole(text) else { continue }
                expected = .refused(line: index + 1, path: path, problem: problem)
                break
            }
            let stream = lines.joined(separator: "\n")
            let outcome: Outcome
            do throws(CAPIWatchParseError) {
                _ = try CAPIWatchEventParser.parse(stream: stream)
                outcome = .event(.bookmark(resourceVersion: "all parsed"))
            } catch {
                var problem = error.problem
                if case .invalidJSON = problem { problem = .invalidJSON("") }
                outcome = .refused(line: error.line, path: error.path, problem: problem)
            }
            #expect(outcome == expected ?? .event(.bookmark(resourceVersion: "all parsed")), "seed \(seed)")
        }
    }

    @Test("every recorded fixture line parses to the event decoding it whole gives")
    func fixtures() throws {
        for name in ["v1beta1-baseline", "v1beta1-rollout-success", "v1beta1-rollout-failed",
                     "v1beta2-baseline", "v1beta2-rollout-success", "v1beta2-rollout-failed"] {
            for line in try F.text("\(name).jsonl").split(separator: "\n") where !line.isEmpty {
                let outcome = Self.selective(String(line))
                guard case .event = outcome else { Issue.record("\(name): \(outcome)"); continue }
                #expect(outcome == Self.whole(String(line)), "\(name): \(line)")
            }
        }
    }

    @Test("a field no event needs is left out, and still refused when it is not JSON", arguments: [
        (#""managedFields":[{"f:metadata":{"f:labels":{".":{}}}}]"#, nil),
        (#""managedFields":[{"n":01}]"#, "$: invalid JSON (unexpected '1' at column 119)"),
        (#""managedFields":[{"n":1e400}]"#, "$: invalid JSON (a number beyond what a Double holds at column 118)"),
        (#""managedFields":"\ud800""#, "$: invalid JSON (an escape JSON does not allow at column 113)"),
        (#""managedFields":[1,],"annotations":{"a":"b",}"#, nil),
        (#""managedFields":[1,,]"#, "$: invalid JSON (unexpected ',' at column 115)"),
        (#""managedFields":[1"#, "$: invalid JSON (unexpected ':' at column 121)"),
    ] as [(String, String?)])
    func leftOutFields(field: String, refusal: String?) {
        let line = #"{"type":"ADDED","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","metadata":{"#
            + field + #","name":"m","uid":"u","resourceVersion":"1"}}}"#
        let outcome = Self.selective(line)
        #expect(outcome == Self.whole(line))
        if let refusal {
            #expect(throws: (any Error).self) { try CAPIWatchEventParser.parse(line: line) }
            do { _ = try CAPIWatchEventParser.parse(line: line) } catch { #expect(error.description == refusal) }
        } else {
            #expect(outcome.isEvent)
        }
    }

    @Test("of a key written twice the first value counts; the second is only scanned")
    func repeatedKeys() throws {
        let line = #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7","resourceVersion":01,"x":1,"x":"\x"}},"type":"ADDED"}"#
        #expect(try CAPIWatchEventParser.parse(line: line) == .bookmark(resourceVersion: "7"))
        #expect(Self.whole(line) == .event(.bookmark(resourceVersion: "7")))
    }
}

extension CAPIWatchLineDifferentialTests.Outcome {
    var isEvent: Bool {
        if case .event = self { return true }
        return false
    }
}

extension TemplateValue {
    /// The value with every case named, so that `.integer(1)` and `.number(1)`, equal by value,
    /// still differ.
    var typeNames: String {
        switch self {
        case .array(let items): "[" + items.map(\.typeNames).joined(separator: ",") + "]"
        case .object(let members): "{" + members.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.typeNames)" }.joined(separator: ",") + "}"
        case .integer(let value): "integer(\(value))"
        default: typeName
        }
    }
}
