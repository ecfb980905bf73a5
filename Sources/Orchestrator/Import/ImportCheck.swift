import Engine
import EventStore
import Foundation

/// Checks each import line against the lines before it, before anything is written: a stream,
/// type and actor the store can hold (`KeyName`), positions from 1 without gaps, each stream's revisions from 0 without gaps, no event id twice, a
/// payload that decodes for every type this orchestrator knows, and the correlation id of an edge
/// event that names its upgrade (`NamedUpgrade`). Types it does not know (a newer
/// orchestrator's) are counted and copied as they are.
struct ImportCheck {
    let payloads: EventPayloadCheck
    private(set) var count: UInt64 = 0
    private var nextRevision: [String: UInt64] = [:]
    private var ids: Set<UUID> = []
    /// Lines whose type this orchestrator does not know, and the first of them.
    private(set) var unknown: (count: Int, firstLine: Int, firstType: String) = (0, 0, "")

    init(payloads: EventPayloadCheck) { self.payloads = payloads }

    mutating func admit(_ event: RecordedEvent, line: Int) throws {
        func fail(_ what: String) -> CommandFailure { .dataError("stdin line \(line): \(what)") }
        for (field, value) in [("stream", event.stream), ("type", event.type), ("actor", event.actor)] {
            if let problem = KeyName.problem(with: value) {
                throw fail("\(field) \(problem) (the store keeps stream ids, types and actors of 1 to \(KeyName.maxBytes) bytes)")
            }
        }
        guard event.position == count + 1 else {
            throw fail("position \(event.position), expected \(count + 1) (positions run from 1 without gaps, as export writes them)")
        }
        let expected = nextRevision[event.stream, default: 0]
        guard event.revision == expected else {
            throw fail("stream '\(event.stream)' revision \(event.revision), expected \(expected) (each stream's revisions run from 0 without gaps)")
        }
        guard ids.insert(event.id).inserted else {
            throw fail("event id \(event.id.uuidString.lowercased()) appears on an earlier line (event ids are unique)")
        }
        switch payloads.check(event) {
        case .decodes(let upgrade):
            // An edge event that names its upgrade carries that upgrade's id: without it (or with
            // another) `audit --upgrade` and `audit timeline` would leave it out of its upgrade.
            if let upgrade, event.data.correlationID != upgrade.id {
                let given = event.data.correlationID.map { "correlationId \($0.uuidString.lowercased()) disagrees with the data" } ?? "correlationId: missing"
                throw fail("\(given); this \(event.type) names upgrade \(upgrade.number) of cluster \(upgrade.cluster), whose events carry its id \(upgrade.id.uuidString.lowercased())")
            }
        case .unknownType:
            if unknown.count == 0 { unknown = (0, line, event.type) }
            unknown.count += 1
        case .doesNotDecode(let why):
            throw fail("\(event.type) data does not decode as a \(event.type) event: \(why)")
        }
        nextRevision[event.stream] = expected + 1
        count += 1
    }
}
