import EventStore
import Foundation
import UpgradeDomain

/// Whether an event's payload decodes as the event its type names: what `verify` and `import`
/// check. Engine types (edge and template upgrade events) are known here; the shells add theirs
/// (profiles, overrides, replay assignments) with `adding(_:)`.
public struct EventPayloadCheck: Sendable {
    /// What the check found for one event.
    public enum Outcome: Sendable, Equatable {
        /// It decodes; with the upgrade its data names, when it names one (`NamedUpgrade`).
        case decodes(NamedUpgrade?)
        /// A type this orchestrator does not know (a newer one may have written it): not checked.
        case unknownType
        /// A known type whose payload does not decode as that type; the plain reason.
        case doesNotDecode(String)
    }

    /// Decodes a payload as one type, throwing when it does not; gives the upgrade its data names.
    public typealias Decode = @Sendable (RecordedEvent) throws -> NamedUpgrade?

    private var decoders: [String: Decode]

    /// The engine's event types: every edge and template upgrade event.
    public static let engine: EventPayloadCheck = {
        var decoders: [String: Decode] = [:]
        for name in UpgradeEvent.typeNames {
            decoders[name] = { recorded in NamedUpgrade.named(by: try DomainEventCodec.decode(UpgradeEvent.self, from: recorded), on: recorded.stream) }
        }
        for name in TemplateUpgradeEvent.typeNames {
            decoders[name] = { recorded in _ = try DomainEventCodec.decode(TemplateUpgradeEvent.self, from: recorded); return nil }
        }
        return EventPayloadCheck(decoders: decoders)
    }()

    /// This check, knowing `more` types as well.
    public func adding(_ more: [String: Decode]) -> EventPayloadCheck {
        EventPayloadCheck(decoders: decoders.merging(more) { _, added in added })
    }

    /// A decoder for a `Decodable` payload type, for `adding(_:)`.
    public static func decoding<Payload: Decodable & SendableMetatype>(_ type: Payload.Type) -> Decode {
        { recorded in _ = try DomainEventCodec.decode(Payload.self, from: recorded); return nil }
    }

    public func knows(_ type: String) -> Bool { decoders[type] != nil }

    public func check(_ recorded: RecordedEvent) -> Outcome {
        guard let decode = decoders[recorded.type] else { return .unknownType }
        do {
            return .decodes(try decode(recorded))
        } catch let error as DomainEventDecodingError {
            return .doesNotDecode(error.detail)
        } catch {
            return .doesNotDecode(DecodingErrorText.describe(error, root: "the data"))
        }
    }
}
