import Engine
import EventStore
import Foundation
import UpgradeDomain

/// Published profile versions, each profile one `profile/<name>` stream of
/// `ProfileVersionPublished` and `ProfileVersionEdited` events.
actor ProfileCatalog {
    static let published = ProfileDocument.publishedType
    static let edited = ProfileDocument.editedType

    private struct Folded {
        var versions: [String: ProfileDocument]
        var revision: UInt64?
    }

    let store: EventStore
    private var cache: [String: Folded] = [:]
    private let newID: @Sendable () -> UUID

    /// `newID` draws the recorded events' ids.
    init(store: EventStore, newID: @escaping @Sendable () -> UUID) {
        self.store = store
        self.newID = newID
    }

    static func stream(_ name: String) -> String { ProfileDocument.stream(name) }

    /// The stored document of `name`@`version`, or nil.
    func document(_ reference: ProfileReference) throws -> ProfileDocument? {
        try folded(reference.name).versions[reference.version]
    }

    /// Every version of one profile, sorted by version text.
    func versions(of name: String) throws -> [ProfileDocument] {
        try folded(name).versions.values.sorted { $0.version < $1.version }
    }

    /// Every profile name that has a published version, sorted.
    func names() throws -> [String] {
        var names = Set<String>()
        var from: UInt64 = 1
        while true {
            let page = try store.events(ofType: Self.published, from: from, limit: 1024)
            for event in page { names.insert(String(event.stream.dropFirst("profile/".count))) }
            guard let last = page.last, page.count == 1024 else { break }
            from = last.position + 1
        }
        return names.sorted()
    }

    /// Records a new version; a version that exists already is a conflict.
    func publish(_ document: ProfileDocument, actor: String, at: Timestamp) async throws {
        _ = try document.publishableVersion()
        try await retryingRaces(document.name) { current in
            guard current.versions[document.version] == nil else {
                throw APIError.conflict("profile \(document.name)@\(document.version) is already published; edit it instead")
            }
            try await append(document, type: Self.published, onto: current, actor: actor, at: at)
        }
    }

    /// Replaces an existing version in place; returns the version as it was and the edit's event.
    func edit(_ document: ProfileDocument, actor: String, at: Timestamp) async throws -> (before: ProfileDocument, event: Appended) {
        _ = try document.assessableVersion()
        return try await retryingRaces(document.name) { current in
            guard let before = current.versions[document.version] else {
                throw APIError.notFound("profile \(document.name)@\(document.version) is not published")
            }
            return (before, try await append(document, type: Self.edited, onto: current, actor: actor, at: at))
        }
    }

    /// Runs `body` on the profile as folded now, again on the newer fold whenever another
    /// request appended to the profile's stream in between (the catalog waits for the store
    /// inside `append`, so requests for other versions of the profile interleave there). Each
    /// pass re-checks against what the other request wrote: a version published twice is still
    /// refused, and versions that do not collide are all published.
    private func retryingRaces<T>(_ name: String, _ body: (Folded) async throws -> T) async throws -> T {
        while true {
            do {
                return try await body(try folded(name))
            } catch EventStoreError.wrongExpectedRevision {
                continue
            }
        }
    }

    /// A recorded event of the catalog: its log position and id.
    struct Appended: Sendable, Hashable {
        var position: UInt64
        var id: UUID
    }

    @discardableResult
    private func append(_ document: ProfileDocument, type: String, onto current: Folded, actor: String, at: Timestamp) async throws -> Appended {
        let id = newID()
        let data = try DomainEventCodec.encode(document, type: type, id: id, at: at.millisecondsSinceEpoch, actor: actor)
        let expected: ExpectedRevision = current.revision.map { .exact($0) } ?? .noStream
        let result = try await store.append(to: Self.stream(document.name), expected: expected, events: [data])
        var next = current
        next.versions[document.version] = document
        next.revision = result.lastRevision
        cache[document.name] = next
        return Appended(position: result.lastPosition, id: id)
    }

    /// One edit in place of a version, as recorded.
    struct Edit: Sendable {
        /// The version as it was before the edit, and as edited.
        var before: ProfileDocument, after: ProfileDocument
        /// The `ProfileVersionEdited` event.
        var event: Appended
        var actor: String
    }

    /// Every edit of the profile `name`, in log order, each with the version as it was just before.
    func edits(of name: String) throws -> [Edit] {
        var current: [String: ProfileDocument] = [:]
        var edits: [Edit] = []
        for event in try store.readStream(Self.stream(name)) {
            let document = try DomainEventCodec.decode(ProfileDocument.self, from: event)
            if event.type == Self.edited, let before = current[document.version] {
                edits.append(Edit(before: before, after: document, event: Appended(position: event.position, id: event.id), actor: event.actor))
            }
            current[document.version] = document
        }
        return edits
    }

    private func folded(_ name: String) throws -> Folded {
        let stream = Self.stream(name)
        if let cached = cache[name], try store.lastRevision(of: stream) == cached.revision { return cached }
        var folded = Folded(versions: [:], revision: nil)
        for event in try store.readStream(stream) {
            let document = try DomainEventCodec.decode(ProfileDocument.self, from: event)
            folded.versions[document.version] = document
            folded.revision = event.revision
        }
        cache[name] = folded
        return folded
    }
}
