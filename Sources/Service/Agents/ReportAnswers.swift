/// The answers already given to agent reports, by cluster and idempotency key, so a retried
/// HTTP request gets the same answer as the first (the decider already ignores the repeat).
actor ReportAnswers {
    private var answers: [String: ReportAnswer] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func answer(cluster: String, key: String) -> ReportAnswer? { answers[cluster + "\u{0}" + key] }

    func remember(_ answer: ReportAnswer, cluster: String, key: String) {
        let id = cluster + "\u{0}" + key
        if answers.updateValue(answer, forKey: id) == nil { order.append(id) }
        if order.count > capacity {
            let dropped = order.prefix(order.count - capacity)
            for old in dropped { answers[old] = nil }
            order.removeFirst(dropped.count)
        }
    }
}

/// What a report did.
struct ReportAnswer: Encodable, Sendable {
    var applied: Bool
    var duplicate: Bool
    var events: [String]
    var firstPosition: UInt64?
    var lastPosition: UInt64?
    var status: String
    /// The steps requested once the report was handled, so an agent needs no extra poll.
    var nextActions: [NodeActionView] = []
}
