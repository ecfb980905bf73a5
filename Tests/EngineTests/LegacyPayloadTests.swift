@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Stores written before schema 2 still read: every event of `Fixtures/schema1-*.ndjson` (exported
/// by the build before it: a selection from the replays of the bundled scenarios, and the whole of
/// a service session)
/// decodes, and its payload rewritten is byte for byte what schema 2 writes for the same event.
@Suite("Events stored in schema 1")
struct LegacyPayloadTests {
    static let fixtures: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("schema1-") }.sorted().flatMap { name in
            ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }.filter { line in
            // The edge and template upgrade events; the documents among them never changed schema.
            UpgradeEvent.typeNames.union(TemplateUpgradeEvent.typeNames).contains { line.contains(#""type":"\#($0)""#) }
        }
    }()

    /// An export line as the stored event it was exported from.
    static func recorded(_ line: String) throws -> RecordedEvent {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let payload = try JSONSerialization.data(withJSONObject: try #require(object["data"]),
                                                 options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        let position = try #require(object["position"] as? UInt64)
        return RecordedEvent(position: position, stream: try #require(object["stream"] as? String), revision: try #require(object["revision"] as? UInt64),
                             data: EventData(id: UUID(), type: try #require(object["type"] as? String),
                                             schemaVersion: UInt32(try #require(object["schemaVersion"] as? Int)), recordedAtMs: 0, actor: "a",
                                             payload: payload))
    }

    @Test func theFixturesCoverEveryEventTypeTheReplaysRecord() {
        #expect(Self.fixtures.count >= 80)
        let types = Set(Self.fixtures.compactMap { try? Self.recorded($0).type })
        for type in ["ClusterRegistered", "ProfileChangeAccepted", "NodeStepStarted", "NodeStepSucceeded", "NodeStepFailed", "NodeFinished",
                     "CommandRefused", "UpgradeCancelled", "RepaveDenied", "ClusterAPIObjectObserved", "TemplateUpgradeFailed",
                     "ProfileChangeQueued", "QueuedProfileChangeDropped", "UpgradePaused", "UpgradeResumed", "NodeStepStartReported",
                     "TemplateUpgradeWarned", "UpgradeDeferred", "UpgradeResumedAfterDeferral", "KubernetesHealthChanged"] {
            #expect(types.contains(type), "\(type)")
        }
    }

    @Test func everyEventDecodesAndRewritesToTheBytesSchema2Writes() throws {
        for line in Self.fixtures {
            let recorded = try Self.recorded(line)
            #expect(recorded.data.schemaVersion == 1)
            let current = try DomainEventCodec.currentPayload(of: recorded)
            let text = String(decoding: current, as: UTF8.self)
            for legacy in [#""_0""#, #""_1""#, #""rawValue""#, #""millisecondsSinceEpoch""#] {
                #expect(!text.contains(legacy), "\(recorded.type): \(text)")
            }
            let written: [UInt8]
            if UpgradeEvent.typeNames.contains(recorded.type) {
                written = try UpgradeEventPayload.encode(try DomainEventCodec.decode(UpgradeEvent.self, from: recorded))
            } else {
                written = try TemplateUpgradeEventPayload.encode(try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: recorded))
            }
            #expect(Array(current) == written, "\(recorded.type): \(text)")
        }
    }

    @Test func theSameTextInSchema2IsNotRewritten() throws {
        let line = try #require(Self.fixtures.first { $0.contains(#""type":"NodeStepSucceeded""#) })
        var recorded = try Self.recorded(line)
        recorded.data.schemaVersion = DomainEventCodec.schemaVersion
        #expect(try DomainEventCodec.currentPayload(of: recorded) == recorded.data.payload)
        #expect(throws: DomainEventDecodingError.self) { try DomainEventCodec.decode(UpgradeEvent.self, from: recorded) }
    }

    @Test func theShapesAreRewrittenWhereverTheyAre() throws {
        let legacy = #"{"upgradeFailed":{"_0":{"at":{"millisecondsSinceEpoch":5},"attempts":3,"cordonedNodes":[{"rawValue":"n-1"}],"#
            + #""error":{"timedOut":{"deadline":{"millisecondsSinceEpoch":4}}},"node":{"rawValue":"n-1"},"step":"drain","#
            + #""target":{"name":"p","version":"2"},"upgrade":1}}}"#
        let rewritten = try LegacyPayload.rewrite(Data(legacy.utf8), type: "UpgradeFailed")
        #expect(String(decoding: rewritten, as: UTF8.self)
            == #"{"at":5,"attempts":3,"cordonedNodes":["n-1"],"error":{"timedOut":{"deadline":4}},"node":"n-1","step":"drain","#
            + #""target":{"name":"p","version":"2"},"upgrade":1}"#)
        let refused = #"{"commandRefused":{"_0":{"at":{"millisecondsSinceEpoch":1},"command":"registerCluster","#
            + #""reason":{"invalidCluster":{"_0":{"invalidRolloutBudget":{"_1":{"negative":{"field":"maxSurge","value":{"percent":{"_0":-5}}}},"#
            + #""pool":{"rawValue":"w"}}}}}}}}"#
        #expect(String(decoding: try LegacyPayload.rewrite(Data(refused.utf8), type: "CommandRefused"), as: UTF8.self)
            == #"{"at":1,"command":"registerCluster","reason":{"invalidCluster":{"error":{"invalidRolloutBudget":{"error":"#
            + #"{"negative":{"field":"maxSurge","value":"-5%"}},"pool":"w"}}}}}"#)
    }
}

extension LegacyPayloadTests {
    @Test func anotherEventsDataUnderATypeIsNamed() throws {
        let line = try #require(Self.fixtures.first { $0.contains(#""type":"NodeStepStarted""#) })
        var recorded = try Self.recorded(line)
        recorded.data.type = "NodeStepSucceeded"
        #expect(EventPayloadCheck.engine.check(recorded) == .doesNotDecode("its data holds a NodeStepStarted event"))
        let template = try #require(Self.fixtures.first { $0.contains(#""type":"TemplateRolloutDetected""#) })
        var rollout = try Self.recorded(template)
        rollout.data.type = "TemplateUpgradeStarted"
        #expect(EventPayloadCheck.engine.check(rollout) == .doesNotDecode("its data holds a TemplateRolloutDetected event"))
    }

    /// The enum's synthesized `Codable` form, still the schema 1 wrapper, names each fixture's case as `caseName` does.
    @Test func everyTypeHasTheCaseNameSchema1GaveIt() throws {
        for line in Self.fixtures {
            let recorded = try Self.recorded(line)
            let synthesized: Data = UpgradeEvent.typeNames.contains(recorded.type)
                ? try JSONEncoder().encode(try DomainEventCodec.decode(UpgradeEvent.self, from: recorded))
                : try JSONEncoder().encode(try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: recorded))
            let object = try #require(try JSONSerialization.jsonObject(with: synthesized) as? [String: Any])
            #expect(Array(object.keys) == [LegacyPayload.caseName(of: recorded.type)], "\(recorded.type)")
        }
    }
}

extension LegacyPayloadTests {
    /// The frequent events of an old store are read in their own form (rewriting each first made
    /// `orchestrator run` take minutes to fold a large one), to the same events as the rewrite gives.
    @Test func theFrequentEventsAreReadDirectlyInSchema1() throws {
        var read: Set<String> = []
        for line in Self.fixtures {
            let recorded = try Self.recorded(line)
            let payload = recorded.data.payload
            let direct = NodeEventJSONReader.decode(payload, type: recorded.type, schema1: true)
                ?? ClusterRegisteredJSONReader.decode(payload, type: recorded.type, schema1: true)
                ?? AcceptedUpgradeJSONReader.decode(payload, type: recorded.type, schema1: true)
            guard let direct else { continue }
            read.insert(recorded.type)
            let rewritten = try LegacyPayload.rewrite(payload, type: recorded.type)
            #expect(direct == (try UpgradeEventPayload.decode(type: recorded.type, from: rewritten)), "\(recorded.type)")
            #expect(direct == (try DomainEventCodec.decode(UpgradeEvent.self, from: recorded)))
            #expect(NodeEventJSONReader.decode(payload, type: recorded.type) == nil
                && ClusterRegisteredJSONReader.decode(payload, type: recorded.type) == nil
                && AcceptedUpgradeJSONReader.decode(payload, type: recorded.type) == nil, "schema 1 text is not read as schema 2")
            #expect(NodeEventJSONReader.decode(rewritten, type: recorded.type, schema1: true) == nil
                && ClusterRegisteredJSONReader.decode(rewritten, type: recorded.type, schema1: true) == nil
                && AcceptedUpgradeJSONReader.decode(rewritten, type: recorded.type, schema1: true) == nil, "schema 2 text is not read as schema 1")
        }
        #expect(read == ["NodeStepStarted", "NodeStepSucceeded", "NodeFinished", "UpgradeSucceeded", "ClusterRegistered", "ProfileChangeAccepted"])
    }
}

extension LegacyPayloadTests {
    /// The one edge type no service route records (so the fixtures lack it), in the synthesized form.
    @Test func aStatusChangeOfSchema1Reads() throws {
        let legacy = #"{"clusterStatusChanged":{"_0":"provisioning","at":{"millisecondsSinceEpoch":7}}}"#
        #expect(String(decoding: try LegacyPayload.rewrite(Data(legacy.utf8), type: "ClusterStatusChanged"), as: UTF8.self)
            == #"{"at":7,"status":"provisioning"}"#)
        let recorded = RecordedEvent(position: 1, stream: "cluster/c", revision: 0,
                                     data: EventData(id: UUID(), type: "ClusterStatusChanged", recordedAtMs: 7, actor: "a", payload: Data(legacy.utf8)))
        #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: recorded) == .clusterStatusChanged(.provisioning, at: Timestamp(millisecondsSinceEpoch: 7)))
    }
}

extension LegacyPayloadTests {
    @Test func dataOfANewerSchemaThatDoesNotDecodeSaysSo() {
        let recorded = RecordedEvent(position: 4, stream: "cluster/c", revision: 3,
                                     data: EventData(id: UUID(), type: "NodeStepSucceeded", schemaVersion: 3, recordedAtMs: 7, actor: "a",
                                                     payload: Data(#"{"step":"drain","upgrade":1}"#.utf8)))
        guard case .doesNotDecode(let detail) = EventPayloadCheck.engine.check(recorded) else {
            Issue.record("a newer schema's data that does not decode is refused")
            return
        }
        #expect(detail.hasPrefix("written in schema 3, newer than this orchestrator reads (2): "), "\(detail)")
    }
}
