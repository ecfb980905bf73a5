import Engine

/// The answer to a command on a cluster: what it recorded and where, and the state after it.
struct CommandAnswer: Encodable, Sendable {
    var cluster: String
    var events: [String]
    var firstPosition: UInt64?
    var lastPosition: UInt64?
    var state: ClusterView?

    init(cluster: String, _ outcome: EdgeClusters.Outcome) {
        self.cluster = cluster
        events = outcome.events.map(\.typeName)
        firstPosition = outcome.positions?.lowerBound
        lastPosition = outcome.positions?.upperBound
        state = outcome.state.cluster.map { ClusterView($0, outcome.state) }
    }
}

/// An optional `{"comment": …, "upgrade": N}` body.
struct CommentBody: Decodable, Sendable {
    var comment: String?
    /// The upgrade the caller means (the cluster's `upgrade.number`); the command is refused (409)
    /// when another upgrade is under way.
    var upgrade: Int?

    /// The named upgrade, checked: upgrades are numbered from 1.
    func namedUpgrade() throws -> Int? {
        if let upgrade, upgrade < 1 { throw APIError.badRequest("upgrade \(upgrade) is below 1; upgrades are numbered from 1, as the cluster's upgrade.number gives them") }
        return upgrade
    }
}

/// The overrides as stored, with what the update did to the cluster: the events recorded (none
/// when no value changed, or when the change repeats one already made) and the state after.
struct OverridesAnswer: Encodable, Sendable {
    var packs: [String: String]
    var events: [String]
    var state: ClusterView?

    init(document: ClusterOverrides.Document, _ outcome: EdgeClusters.Outcome?) {
        packs = document.packs
        events = outcome?.events.map(\.typeName) ?? []
        state = outcome.flatMap { outcome in outcome.state.cluster.map { ClusterView($0, outcome.state) } }
    }
}

extension CommentBody: KeyedBody {
    static let bodyKeys = BodyKeys.object([("comment", .anything), ("upgrade", .anything)])
}
