/// Points where a test can hold the service between two steps of a request, to make a race that
/// timing alone would rarely show happen every time. Each is nil in a running service: nothing is
/// called and nothing waits.
struct ServiceHooks: Sendable {
    /// A profile edit has stored the edited version and is about to fan it out to the clusters on
    /// it (inside `ClusterService.edits`).
    var editStored: (@Sendable () async -> Void)?
    /// An agent report has its turn for its cluster and key (`ReportAnswers.turn`), found no earlier
    /// answer or refusal, and is about to be decided.
    var reportDeciding: (@Sendable () async -> Void)?

    init(editStored: (@Sendable () async -> Void)? = nil, reportDeciding: (@Sendable () async -> Void)? = nil) {
        self.editStored = editStored
        self.reportDeciding = reportDeciding
    }
}
