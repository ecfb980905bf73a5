import EventStore
import Foundation
import Testing

/// Payloads that do not decode as the event their type names, and types this orchestrator does not
/// know: `import` refuses the first before writing, `verify` names them, `state` says one line.
@Suite("Event payloads on the command line")
struct EventPayloadCommandTests {
    let folder = ScratchFolder("payloads")

    /// The export of a recorded fleet, one line per event.
    func exportedLines() async throws -> [String] {
        let fleet = try await RecordedFleet.record(in: folder.child("store"))
        let export = try OrchestratorProcess.run(["export", "--store", fleet.path])
        try #require(export.exitCode == 0)
        return export.stdout.split(separator: "\n").map(String.init)
    }

    /// `line` with its key `key` set to `value` (any JSON value).
    func replacing(_ key: String, in line: String, with value: Any) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        object[key] = value
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func index(ofType type: String, in lines: [String]) throws -> Int {
        try #require(lines.firstIndex { $0.contains("\"type\":\"\(type)\"") })
    }

    func importing(_ lines: [String], into name: String = "target") throws -> (OrchestratorProcess.Outcome, String) {
        let target = folder.child(name)
        return (try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n") + "\n"), target)
    }

    func expectNothingImported(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!FileManager.default.fileExists(atPath: target), sourceLocation: sourceLocation)
        let name = URL(fileURLWithPath: target).lastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(name) }
        #expect(leftovers.isEmpty, "\(leftovers)", sourceLocation: sourceLocation)
    }

    @Test func importRefusesDataThatDoesNotDecodeNamingTheLineAndTypeAndWritesNothing() async throws {
        var lines = try await exportedLines()
        let at = try index(ofType: "NodeStepSucceeded", in: lines)
        lines[at] = try replacing("data", in: lines[at], with: ["garbage": 1])
        let (outcome, target) = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: stdin line \(at + 1): NodeStepSucceeded data does not decode as a NodeStepSucceeded event: "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("DecodingError") && !outcome.stderr.contains("Debug"), "\(outcome.stderr)")
        try expectNothingImported(target)
    }

    @Test func importRefusesAnotherEventsDataUnderAType() async throws {
        var lines = try await exportedLines()
        let succeeded = try index(ofType: "NodeStepSucceeded", in: lines)
        let started = try #require(try JSONSerialization.jsonObject(with: Data(lines[try index(ofType: "NodeStepStarted", in: lines)].utf8)) as? [String: Any])
        lines[succeeded] = try replacing("data", in: lines[succeeded], with: try #require(started["data"]))
        let (outcome, target) = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.contains("stdin line \(succeeded + 1): NodeStepSucceeded data does not decode as a NodeStepSucceeded event: idempotencyKey is missing"), "\(outcome.stderr)")
        try expectNothingImported(target)
    }

    @Test func aDuplicateEventIDIsLine65NamingTheID() async throws {
        var lines = try await exportedLines()
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        let id = try #require(first["id"] as? String)
        lines[5] = try replacing("id", in: lines[5], with: id)
        let (outcome, target) = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line 6: event id \(id) appears on an earlier line (event ids are unique)\n")
        try expectNothingImported(target)
    }

    @Test func aGapInPositionsNamesTheLineAndWhatWasExpected() async throws {
        var lines = try await exportedLines()
        lines.remove(at: 50)
        let (outcome, target) = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line 51: position 52, expected 51 (positions run from 1 without gaps, as export writes them)\n")
        try expectNothingImported(target)
    }

    @Test func aWrongRevisionNamesTheLineTheStreamAndWhatWasExpected() async throws {
        var lines = try await exportedLines()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[40].utf8)) as? [String: Any])
        let revision = try #require(object["revision"] as? Int)
        lines[40] = try replacing("revision", in: lines[40], with: revision + 1)
        let (outcome, target) = try importing(lines)
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line 41: stream '\(object["stream"] as? String ?? "")' revision \(revision + 1), expected \(revision) (each stream's revisions run from 0 without gaps)\n")
        try expectNothingImported(target)
    }

    /// A store holding one event whose data does not decode, written past the import's check.
    func storeWithUndecodableEvent() async throws -> (String, UInt64) {
        let fleet = try await RecordedFleet.record(in: folder.child("damaged"))
        let store = try EventStore.open(at: fleet.path)
        defer { store.close() }
        let bad = EventData(id: UUID(), type: "NodeStepSucceeded", recordedAtMs: RecordedFleet.epochMs + 9_000_000, actor: "agent/store-0003",
                            payload: Data(#"{"garbage":1}"#.utf8))
        let result = try await store.append(to: "cluster/store-0003", expected: .any, events: [bad])
        return (fleet.path, result.firstPosition)
    }

    @Test func verifyDecodesEveryPayloadAndNamesTheFirstThatDoesNot() async throws {
        let (store, position) = try await storeWithUndecodableEvent()
        let outcome = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("orchestrator: verify \(store): the data of event \(position) (NodeStepSucceeded, stream 'cluster/store-0003') does not decode as a NodeStepSucceeded event: "), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func stateOnAnUndecodableEventIsOneLineWithoutASwiftDump() async throws {
        let (store, position) = try await storeWithUndecodableEvent()
        let outcome = try OrchestratorProcess.run(["state", "--store", store, "--cluster", "store-0003"])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: event at position \(position) (NodeStepSucceeded) does not decode: upgrade is missing"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("DecodingError") && !outcome.stderr.contains("CodingKeys"), "\(outcome.stderr)")
    }

    @Test func typesThisOrchestratorDoesNotKnowAreCopiedAndCountedNeverClaimedToDecode() async throws {
        var lines = try await exportedLines()
        let at = try index(ofType: "NodeStepSucceeded", in: lines)
        lines[at] = try replacing("type", in: lines[at], with: "NodeStepSucceededV2")
        let (imported, target) = try importing(lines)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("note: 1 event of types this orchestrator does not know was copied unchecked (first: NodeStepSucceededV2 on line \(at + 1))"), "\(imported.stderr)")

        let verify = try OrchestratorProcess.run(["verify", "--store", target])
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        #expect(!verify.stdout.contains("every event decodes"))
        #expect(verify.stdout.contains("every event of a known type decodes; 1 event of types this orchestrator does not know was not decoded (first: NodeStepSucceededV2 at position \(at + 1))"), "\(verify.stdout)")

        let stream = try #require(try JSONSerialization.jsonObject(with: Data(lines[at].utf8)) as? [String: Any])["stream"] as? String
        let cluster = try #require(stream?.dropFirst("cluster/".count))
        let state = try OrchestratorProcess.run(["state", "--store", target, "--cluster", String(cluster)])
        #expect(state.exitCode == 0)
        #expect(state.stderr.contains("note: left out 1 event of types this orchestrator does not know (first: NodeStepSucceededV2 at position \(at + 1))"), "\(state.stderr)")
    }

    @Test func theDataOfAnUnknownTypeIsCopiedDigitForDigit() async throws {
        var lines = try await exportedLines()
        let at = try index(ofType: "NodeStepSucceeded", in: lines)
        lines[at] = try replacing("type", in: lines[at], with: "FutureThing")
        let data = #"{"big":12345678901234567890,"id":123456789012345678,"n":9007199254740993,"small":-9007199254740993}"#
        lines[at] = lines[at].replacingOccurrences(of: #""data":\{.*\},"id""#, with: #""data":\#(data),"id""#, options: .regularExpression)
        #expect(lines[at].contains(data))
        let (imported, target) = try importing(lines)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let exported = try OrchestratorProcess.run(["export", "--store", target]).stdout.split(separator: "\n").map(String.init)
        #expect(exported[at].contains(#""data":\#(data)"#), "\(exported[at])")
    }

    /// Every kind of JSON value, nested, comes back in the engine's canonical form: keys sorted,
    /// no whitespace, `null` kept where it stands.
    @Test func theDataOfAnUnknownTypeKeepsEveryKindOfValueInCanonicalForm() async throws {
        var lines = try await exportedLines()
        let at = try index(ofType: "NodeStepSucceeded", in: lines)
        lines[at] = try replacing("type", in: lines[at], with: "FutureThing")
        let data = #"{ "z": null, "a": [true, false, null, {"y": [], "b": {}}], "s": "x y", "n": -1.5 }"#
        lines[at] = lines[at].replacingOccurrences(of: #""data":\{.*\},"id""#, with: #""data":\#(data),"id""#, options: .regularExpression)
        #expect(lines[at].contains(data))
        let (imported, target) = try importing(lines)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let exported = try OrchestratorProcess.run(["export", "--store", target]).stdout.split(separator: "\n").map(String.init)
        let canonical = #"{"a":[true,false,null,{"b":{},"y":[]}],"n":-1.5,"s":"x y","z":null}"#
        #expect(exported[at].contains(#""data":\#(canonical)"#), "\(exported[at])")
    }

    @Test func aSoundRecordedStoreVerifiesSayingEveryEventDecodes() async throws {
        let fleet = try await RecordedFleet.record(in: folder.child("sound"))
        let outcome = try OrchestratorProcess.run(["verify", "--store", fleet.path])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("every index agrees with the log; every event decodes\n"), "\(outcome.stdout)")
    }
}
