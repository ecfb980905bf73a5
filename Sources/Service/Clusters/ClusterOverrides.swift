import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Per-cluster pack value overrides (pack name → YAML), kept in `overrides/<cluster>` as
/// `ClusterOverridesSet` events; the latest event holds the whole set.
actor ClusterOverrides {
    static let typeName = "ClusterOverridesSet"

    struct Document: Codable, Sendable, Hashable {
        var packs: [String: String]
    }

    let store: EventStore
    private let newID: @Sendable () -> UUID

    /// `newID` draws the recorded events' ids.
    init(store: EventStore, newID: @escaping @Sendable () -> UUID) {
        self.store = store
        self.newID = newID
    }

    static func stream(_ cluster: String) -> String { "overrides/\(cluster)" }

    /// The overrides as YAML text.
    func document(of cluster: String) throws -> Document {
        guard let last = try store.readStream(Self.stream(cluster), backward: true, limit: 1).first else {
            return Document(packs: [:])
        }
        return try DomainEventCodec.decode(Document.self, from: last)
    }

    /// The overrides parsed, as the assessment takes them.
    func values(of cluster: String) throws -> [String: PackValues] {
        try document(of: cluster).packs.mapValues { try PackValues(yaml: $0) }
    }

    /// The document's values parsed; 400 naming the first pack whose YAML does not parse.
    static func values(of document: Document) throws -> [String: PackValues] {
        var values: [String: PackValues] = [:]
        for (pack, yaml) in document.packs.sorted(by: { $0.key < $1.key }) {
            do { values[pack] = try PackValues(yaml: yaml) } catch {
                throw APIError(.badRequest, code: "invalid_values", "packs.\(pack): \(error)")
            }
        }
        return values
    }

    /// Replaces the overrides; every YAML must parse first.
    func set(_ document: Document, on cluster: String, actor: String, at: Timestamp) async throws {
        _ = try Self.values(of: document)
        let data = try DomainEventCodec.encode(document, type: Self.typeName, id: newID(), at: at.millisecondsSinceEpoch, actor: actor)
        _ = try await store.append(to: Self.stream(cluster), expected: .any, events: [data])
    }
}

extension ClusterOverrides.Document: KeyedBody {
    static let bodyKeys = BodyKeys.object([("packs", .anything)])
}
