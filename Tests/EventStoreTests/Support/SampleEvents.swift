import EventStore
import Foundation

/// Builds events for tests: distinct ids, a fixed clock unless told otherwise.
enum SampleEvents {
    static func event(
        _ type: String = "NodeRebooted",
        actor: String = "agent/store-0001",
        at ms: Int64 = 1_795_000_000_000,
        payload: String = "{}"
    ) -> EventData {
        EventData(id: UUID(), type: type, recordedAtMs: ms, actor: actor, payload: Data(payload.utf8))
    }

    static func events(_ count: Int, type: String = "NodeRebooted", startingAt ms: Int64 = 1_795_000_000_000) -> [EventData] {
        (0..<count).map { event(type, at: ms + Int64($0)) }
    }
}
