@testable import Engine
import EventStore
import Foundation
import PropertyBased
import Testing
import UpgradeDomain

/// `CanonicalJSON.isCanonical` vouches for a payload only when writing back what the parser
/// reads from it gives the same bytes, so `audit` and `export` can skip the parse for it.
@Suite("Canonical JSON recognised without parsing")
struct CanonicalJSONTests {
    /// What `audit` and `export` did for every payload before: parse, then write canonically.
    static func parsedAndWritten(_ text: Data) -> Data? {
        guard let parsed = try? JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed]) else { return nil }
        return CanonicalJSON.text(of: parsed)
    }

    @Test func textItVouchesForIsWhatTheParserReadsWrittenBackByteForByte() async {
        await propertyCheck(count: 3000, input: RandomJSONText().texts) { text in
            let data = Data(text.utf8)
            if CanonicalJSON.isCanonical(data) {
                #expect(Self.parsedAndWritten(data) == data, "\(text)")
            }
            #expect(CanonicalJSON.rewritten(data) == Self.parsedAndWritten(data), "\(text)")
        }
    }

    @Test func theFormTheEngineWritesIsVouchedForWithoutParsing() async {
        await propertyCheck(count: 3000, input: RandomJSONText(canonicalSubset: true).texts) { text in
            let data = Data(text.utf8)
            #expect(CanonicalJSON.isCanonical(data), "\(text)")
            #expect(Self.parsedAndWritten(data) == data, "\(text)")
            #expect(CanonicalJSON.embeddable(data) == text)
        }
    }

    /// The engine's own payloads take the fast path: an accepted upgrade with every field, and a
    /// node step's report (text without characters the engine escapes as `\u00xx`).
    @Test func theEnginesPayloadsAreVouchedFor() throws {
        let upgrade = try DomainEventCodec.encode(
            AcceptedUpgradeJSONReaderTests.acceptance, type: "ProfileChangeAccepted", id: UUID(), at: 1_795_000_060_000, actor: "alice")
        let failed = UpgradeEvent.nodeStepFailed(NodeStepFailure(
            upgrade: 3, node: "w-1", step: .drain, attempt: 2, error: .reported("pods \"api\" / \"db\"\nstill running"),
            idempotencyKey: "w-1/drain/2", willRetry: true, at: Timestamp(millisecondsSinceEpoch: 1_795_000_061_000)))
        let report = try DomainEventCodec.encode(failed, type: "NodeStepFailed", id: UUID(), at: 1_795_000_061_000, actor: "agent")
        for payload in [upgrade.payload, report.payload] {
            #expect(CanonicalJSON.isCanonical(payload), "\(String(decoding: payload, as: UTF8.self))")
            #expect(Self.parsedAndWritten(payload) == payload)
        }
    }

    @Test(arguments: [
        #"{"b":1,"a":2}"#, #"{"a":1,"a":1}"#, #"{"a": 1}"#, #" {}"#, #"[1 ]"#, #"{"é":1}"#, #"{"k\"q":1}"#,
        #""\u00e9""#, #""\/""#, #""\u0001""#, "\"tab\there\"", "1.5", "-0", "01", "1e3", "1234567890123456",
        "tru", "nulls", #"{"a":1"#, "[1,]", "", "\u{FEFF}{}", String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func whatItDoesNotVouchForIsLeftToTheParser(text: String) {
        #expect(!CanonicalJSON.isCanonical(Data(text.utf8)))
    }

    @Test func bytesThatAreNotUTF8AreNotVouchedFor() {
        #expect(!CanonicalJSON.isCanonical(Data([0x22, 0xC3, 0x28, 0x22])))
        #expect(CanonicalJSON.isCanonical(Data(#""é""#.utf8)))
    }
}
