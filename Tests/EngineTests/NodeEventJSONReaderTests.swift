@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// The node-step events read back directly (`NodeEventJSONReader`) are exactly what `JSONDecoder`
/// reads; any text it does not take goes to `JSONDecoder` unchanged.
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
        }
        return events
    }()

    static func recorded(_ payload: Data) -> RecordedEvent {
        RecordedEvent(position: 7, stream: "cluster/c", revision: 0,
                      data: EventData(id: UUID(), type: "NodeStepStarted", recordedAtMs: 0, actor: "a", payload: payload))
    }

    @Test func whatTheWritersWriteIsReadBackAsJSONDecoderReadsIt() throws {
        for event in Self.events {
            let payload = Data(try #require(NodeEventJSON.encode(event)))
            let direct = try #require(NodeEventJSONReader.decode(payload), "\(String(decoding: payload, as: UTF8.self))")
            #expect(direct == event)
            #expect(direct == (try JSONDecoder().decode(UpgradeEvent.self, from: payload)))
        }
    }

    @Test func textInAnyOtherFormGoesToJSONDecoderAndDecodesTheSame() throws {
        let escaped = UpgradeEvent.nodeFinished(upgrade: 1, node: NodeID(Self.awkwardName), at: Timestamp(millisecondsSinceEpoch: 5))
        var others: [(Data, UpgradeEvent)] = [(Data(try #require(NodeEventJSON.encode(escaped))), escaped)]
        for event in Self.events.prefix(6) {
            // Pretty-printed, and with keys in another order: the same value, not the writers' form.
            let object = try JSONSerialization.jsonObject(with: Data(try #require(NodeEventJSON.encode(event))))
            others.append((try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), event))
            others.append((try JSONEncoder().encode(event), event))
        }
        for (payload, event) in others {
            if let direct = NodeEventJSONReader.decode(payload) { #expect(direct == event) }
            #expect(try DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(payload)) == event)
        }
        #expect(NodeEventJSONReader.decode(others[0].0) == nil, "an escaped string takes the general path")
        #expect(NodeEventJSONReader.decode(others[1].0) == nil, "pretty-printed text takes the general path")
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
            #expect(NodeEventJSONReader.decode(Data(variant.utf8)) == nil, "\(variant)")
            let general = try? JSONDecoder().decode(UpgradeEvent.self, from: Data(variant.utf8))
            #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(Data(variant.utf8)))) == general)
        }
    }

    @Test func aStringThatIsNotUTF8IsNotReadDirectly() throws {
        let event = UpgradeEvent.nodeFinished(upgrade: 1, node: "n-é", at: Timestamp(millisecondsSinceEpoch: 5))
        let payload = [UInt8](try #require(NodeEventJSON.encode(event)))
        #expect(NodeEventJSONReader.decode(Data(payload)) == event, "non-ASCII UTF-8 is read directly")
        // "é" is C3 A9; a lone C3 before the quote, or FF, is not UTF-8.
        let at = try #require(payload.firstIndex(of: 0xA9))
        for bytes in [payload[..<at] + payload[(at + 1)...], payload[..<(at - 1)] + [0xFF] + payload[(at + 1)...]] {
            #expect(NodeEventJSONReader.decode(Data(bytes)) == nil)
        }
    }

    @Test func anOptionalKeyWithoutItsValueIsNotReadDirectly() throws {
        let text = String(decoding: try #require(NodeEventJSON.encode(Self.events[3])), as: UTF8.self)
        let startedAt = #""startedAt":{"millisecondsSinceEpoch":1795000000001}"#
        #expect(text.contains(startedAt))
        for value in ["", #"{"millisecondsSinceEpoch":}"#, "null"] {
            let variant = Data(text.replacingOccurrences(of: startedAt, with: #""startedAt":"# + value).utf8)
            #expect(NodeEventJSONReader.decode(variant) == nil, "startedAt: \(value)")
            let general = try? JSONDecoder().decode(UpgradeEvent.self, from: variant)
            #expect((try? DomainEventCodec.decode(UpgradeEvent.self, from: Self.recorded(variant))) == general)
        }
    }

    @Test func otherEventsAreLeftToJSONDecoder() throws {
        let success = UpgradeSuccess(upgrade: 1, target: ProfileReference(name: "retail", version: "1.1.0"), newlyOrphanedPacks: [],
                                     at: Timestamp(millisecondsSinceEpoch: 9))
        let payload = try CompactJSONEncoder().encode(UpgradeEvent.upgradeSucceeded(success))
        #expect(NodeEventJSONReader.decode(Data(payload)) == nil)
    }
}
