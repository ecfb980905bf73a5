@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// The node-step events read back directly (`NodeEventJSONReader`) are exactly what the general
/// path (`UpgradeEventPayload`, through `JSONDecoder`) reads; any text it does not take goes to
/// the general path unchanged.
@Suite("Node-step events read directly")
struct NodeEventJSONReaderTests {
    static let awkwardName = "n \"1\" \\ / é\u{01}\t"

    static let events: [UpgradeEvent] = {
        var events: [UpgradeEvent] = []
        for (index, step) in NodeStep.allCases.enumerated() {
            let node = NodeID(index.isMultiple(of: 2) ? "store-0001-w\(index)" : "nœud-é-\(index)")
            events.append(.nodeStepStarted(NodeActionRequest(
                upgrade: index, node: node, pool: PoolID(index == 3 ? "" : "workers"), step: step, stepIndex: index * 7, attempt: index + 1,
                requestedAt: Timestamp(millisecondsSinceEpoch: -Int64(index) * 1000), deadline: Timestamp(millisecondsSinceEpoch: Int64.max - Int64(index)),
                services: Array(["rke2-server", "kubelet", ""].prefix(index % 4)),
                startedAt: index.isMultiple(of: 3) ? nil : Timestamp(millisecondsSinceEpoch: 1_795_000_000_000 + Int64(index)))))
            events.append(.nodeStepSucceeded(NodeStepSuccess(
                upgrade: Int.max - index, node: node, step: step, attempt: 0, idempotencyKey: "sim/\(node)/\(step.rawValue)/\(index)",
                at: Timestamp(millisecondsSinceEpoch: Int64.min + 1 + Int64(index)))))
            events.append(.nodeFinished(upgrade: -index, node: node, at: Timestamp(millisecondsSinceEpoch: 0)))
            events.append(.upgradeSucceeded(UpgradeSuccess(
                upgrade: index + 1, target: ProfileReference(name: "retail-\(node)", version: "1.\(index).0"),
                newlyOrphanedPacks: Array(["old-cni", "é", ""].prefix(index % 4)), at: Timestamp(millisecondsSinceEpoch: Int64(index)))))
        }
        return events
    }()


    @Test func whatTheWritersWriteIsReadBackAsJSONDecoderReadsIt() throws {
        for event in Self.events {
            let payload = Data(try #require(NodeEventJSON.encode(event)))
            let direct = try #require(NodeEventJSONReader.decode(payload, type: event.typeName), "\(String(decoding: payload, as: UTF8.self))")
            #expect(direct == event)
            #expect(direct == (try StoredPayload.general(payload, type: event.typeName)))
        }
    }

    @Test func textInAnyOtherFormGoesToJSONDecoderAndDecodesTheSame() throws {
        let escaped = UpgradeEvent.nodeFinished(upgrade: 1, node: NodeID(Self.awkwardName), at: Timestamp(millisecondsSinceEpoch: 5))
        var others: [(Data, UpgradeEvent)] = [(Data(try #require(NodeEventJSON.encode(escaped))), escaped)]
        for event in Self.events.prefix(6) {
            // Pretty-printed, and with keys in another order: the same value, not the writers' form.
            let object = try JSONSerialization.jsonObject(with: Data(try #require(NodeEventJSON.encode(event))))
            others.append((try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), event))
            others.append((try StoredPayload.keysReversed(Data(try #require(NodeEventJSON.encode(event)))), event))
        }
        for (payload, event) in others {
            #expect(NodeEventJSONReader.decode(payload, type: event.typeName) == nil, "\(String(decoding: payload, as: UTF8.self))")
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: StoredPayload.recorded(payload, type: event.typeName)) == event)
        }
    }

    @Test func aPayloadThatIsNotQuiteTheFormIsNotReadDirectly() throws {
        let payload = try #require(NodeEventJSON.encode(Self.events[0]))
        let text = String(decoding: payload, as: UTF8.self)
        let broken = [
            text + " ", String(text.dropLast()), text.replacingOccurrences(of: #""attempt":1"#, with: #""attempt":01"#),
            text.replacingOccurrences(of: #""attempt":1"#, with: #""attempt":1.0"#),
            text.replacingOccurrences(of: #""step":"provision-replacement""#, with: #""step":"sideways""#),
            text.replacingOccurrences(of: #""upgrade":0"#, with: #""upgrade":12345678901234567890"#),
            text.replacingOccurrences(of: #""upgrade":0"#, with: #""upgrade":-0"#),
        ]
        for variant in broken {
            #expect(variant != text)
            #expect(NodeEventJSONReader.decode(Data(variant.utf8), type: "NodeStepStarted") == nil, "\(variant)")
            let general = try? StoredPayload.general(Data(variant.utf8), type: "NodeStepStarted")
            #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: StoredPayload.recorded(Data(variant.utf8), type: "NodeStepStarted"))) == general)
        }
    }

    @Test func aStringThatIsNotUTF8IsNotReadDirectly() throws {
        let event = UpgradeEvent.nodeFinished(upgrade: 1, node: "n-é", at: Timestamp(millisecondsSinceEpoch: 5))
        let payload = [UInt8](try #require(NodeEventJSON.encode(event)))
        #expect(NodeEventJSONReader.decode(Data(payload), type: "NodeFinished") == event, "non-ASCII UTF-8 is read directly")
        // "é" is C3 A9; a lone C3 before the quote, or FF, is not UTF-8.
        let at = try #require(payload.firstIndex(of: 0xA9))
        for bytes in [payload[..<at] + payload[(at + 1)...], payload[..<(at - 1)] + [0xFF] + payload[(at + 1)...]] {
            #expect(NodeEventJSONReader.decode(Data(bytes), type: "NodeFinished") == nil)
        }
    }

    @Test func anOptionalKeyWithoutItsValueIsNotReadDirectly() throws {
        let text = String(decoding: try #require(NodeEventJSON.encode(Self.events[4])), as: UTF8.self)
        let startedAt = #""startedAt":1795000000001"#
        #expect(text.contains(startedAt))
        for value in ["", #""1795000000001""#, "null"] {
            let variant = Data(text.replacingOccurrences(of: startedAt, with: #""startedAt":"# + value).utf8)
            #expect(NodeEventJSONReader.decode(variant, type: "NodeStepStarted") == nil, "startedAt: \(value)")
            let general = try? StoredPayload.general(variant, type: "NodeStepStarted")
            #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: StoredPayload.recorded(variant, type: "NodeStepStarted"))) == general)
        }
    }

    @Test func otherEventTypesAreLeftToTheGeneralPath() throws {
        let requested = UpgradeEvent.repaveApprovalRequested(upgrade: 1, at: Timestamp(millisecondsSinceEpoch: 9))
        #expect(NodeEventJSONReader.decode(try StoredPayload.general(requested), type: "RepaveApprovalRequested") == nil)
        let finished = Data(try #require(NodeEventJSON.encode(.nodeFinished(upgrade: 1, node: "n", at: Timestamp(millisecondsSinceEpoch: 5)))))
        #expect(NodeEventJSONReader.decode(finished, type: "NodeFinished") != nil)
        #expect(NodeEventJSONReader.decode(finished, type: "NodeStepStartReported") == nil, "the type, not the shape, picks the reader")
    }
}
