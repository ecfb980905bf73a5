@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// Edge upgrade events as the store holds them (schema 2), for the tests of the direct writers and readers.
enum StoredPayload {
    /// The payload the general path writes for `event`.
    static func general(_ event: UpgradeEvent) throws -> Data { Data(try UpgradeEventPayload.encode(event)) }

    /// The event the general path reads from `payload` of stored type `type`.
    static func general(_ payload: Data, type: String) throws -> UpgradeEvent? {
        try UpgradeEventPayload.decode(type: type, from: payload)
    }

    /// `payload` recorded as an event of type `type` in the current schema.
    static func recorded(_ payload: Data, type: String, position: UInt64 = 1) -> RecordedEvent {
        RecordedEvent(position: position, stream: "cluster/c", revision: position - 1,
                      data: EventData(id: UUID(), type: type, schemaVersion: DomainEventCodec.schemaVersion, recordedAtMs: 0, actor: "a",
                                      payload: payload))
    }

    /// The same JSON object with its top-level keys in reverse byte order: the same value, not the writers' form.
    static func keysReversed(_ payload: Data) throws -> Data {
        let object = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let fields = try object.keys.sorted(by: >).map { key in
            let value = try JSONSerialization.data(withJSONObject: object[key]!, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            return "\"\(key)\":" + String(decoding: value, as: UTF8.self)
        }
        return Data(("{" + fields.joined(separator: ",") + "}").utf8)
    }
}
