/// What happened to one leaf value between the old and the new pack values.
public enum ChangeKind: String, Hashable, Sendable, CaseIterable {
    /// Present only in the new values.
    case added
    /// Present only in the old values.
    case removed
    /// Present in both, with different values.
    case modified
}
