/// One leaf that differs between the old and the new pack values.
public struct ValueChange: Hashable, Sendable {
    /// Where the leaf is.
    public let path: ValuePath
    /// Added, removed or modified.
    public let kind: ChangeKind
    /// The old leaf, nil when added.
    public let old: PackValue?
    /// The new leaf, nil when removed.
    public let new: PackValue?
}
