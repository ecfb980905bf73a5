/// What a token may do. Viewer reads; operator also changes; approver also approves repaves;
/// agent reports for the one cluster its token names and nothing else.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer
    case `operator`
    case approver
    case agent

    /// How much the role may do among the human roles (agent is outside this ladder).
    var rank: Int {
        switch self {
        case .viewer: 1
        case .operator: 2
        case .approver: 3
        case .agent: 0
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
