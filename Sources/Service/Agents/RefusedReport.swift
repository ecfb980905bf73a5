import UpgradeDomain

/// A report the decider refused (recorded as `CommandRefused`), kept with the digest of the body
/// it came with, so a retry of that very report is refused again without recording a second refusal.
struct RefusedReport: Sendable {
    /// The digest of the report's body as the agent sent it (`NodeReportBody.digest`): only a
    /// retry with the same body is the same report.
    var bodyDigest: String
    /// The refusal recorded for it; thrown again to a retry, so the answer is the first one.
    var refusal: CommandRefusal
}
