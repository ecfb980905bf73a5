/// The record, kept in the accepted event, that a minor-version skip was forced.
public struct ForcedMinorSkip: Sendable, Hashable, Codable {
    /// The version the cluster runs.
    public var from: String
    /// The version it is forced to.
    public var to: String
    /// Who forced it and why.
    public var override: MinorSkipOverride

    /// Creates the record.
    public init(from: String, to: String, override: MinorSkipOverride) {
        self.from = from
        self.to = to
        self.override = override
    }
}
