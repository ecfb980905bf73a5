/// One event of a Kubernetes watch on Cluster API objects, as parsed from one line of
/// `kubectl get … -o json --watch --output-watch-events`.
public enum CAPIWatchEvent: Hashable, Sendable, Codable {
    /// `ADDED`: the object appeared (or was listed when the watch started).
    case added(CAPIObject)
    private enum AddedCodingKeys: String, CodingKey { case _0 = "object" }
    /// `MODIFIED`: the object changed.
    case modified(CAPIObject)
    private enum ModifiedCodingKeys: String, CodingKey { case _0 = "object" }
    /// `DELETED`: the object is gone; it carries the last state.
    case deleted(CAPIObject)
    private enum DeletedCodingKeys: String, CodingKey { case _0 = "object" }
    /// `BOOKMARK`: a resource version checkpoint; carries no object change and is ignored.
    case bookmark(resourceVersion: String?)
    /// `ERROR`: the watch failed (e.g. 410 Gone); the watching shell restarts it. Ignored here.
    case error(CAPIWatchStatus)
    private enum ErrorCodingKeys: String, CodingKey { case _0 = "status" }

    /// The object of an ADDED, MODIFIED or DELETED event.
    public var object: CAPIObject? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): object
        case .bookmark, .error: nil
        }
    }

    /// True for a DELETED event.
    public var isDeletion: Bool {
        if case .deleted = self { return true }
        return false
    }

    /// The wire name of the event type.
    public var typeName: String {
        switch self {
        case .added: "ADDED"
        case .modified: "MODIFIED"
        case .deleted: "DELETED"
        case .bookmark: "BOOKMARK"
        case .error: "ERROR"
        }
    }
}

/// The `Status` object of an ERROR watch event.
public struct CAPIWatchStatus: Hashable, Sendable, Codable {
    /// `object.reason`, e.g. `Expired`.
    public var reason: String?
    /// `object.message`.
    public var message: String?
    /// `object.code`, e.g. 410.
    public var code: Int?

    /// Creates a watch status.
    public init(reason: String? = nil, message: String? = nil, code: Int? = nil) {
        self.reason = reason
        self.message = message
        self.code = code
    }
}
