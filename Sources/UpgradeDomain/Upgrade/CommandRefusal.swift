/// A refused command: the typed outcome of `decide`, storable as `UpgradeEvent.commandRefused`.
public struct CommandRefusal: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The agent report a refusal turned down, as the service received it: what a retry of that
    /// very report must match to be answered with this refusal again, after a restart too (ADR 0014).
    public struct Report: Sendable, Hashable, Codable {
        /// The report's idempotency key.
        public var idempotencyKey: String
        /// The upgrade the report named, if it named one.
        public var upgrade: Int?
        /// A digest of the report's body, as its receiver computes it: equal for equal bodies.
        public var bodyDigest: String

        public init(idempotencyKey: String, upgrade: Int?, bodyDigest: String) {
            self.idempotencyKey = idempotencyKey
            self.upgrade = upgrade
            self.bodyDigest = bodyDigest
        }
    }

    /// The refused command's name (e.g. `changeProfile`).
    public var command: String
    /// Why it was refused.
    public var reason: RefusalReason
    /// When the command arrived.
    public var at: Timestamp
    /// The agent report refused, when the command was one and its receiver named it; absent from
    /// refusals recorded before ADR 0014, which still decode.
    public var report: Report?

    /// Creates a refusal.
    public init(command: String, reason: RefusalReason, at: Timestamp, report: Report? = nil) {
        self.command = command
        self.reason = reason
        self.at = at
        self.report = report
    }

    public var description: String { "\(command) refused at \(at): \(reason)" }
}
