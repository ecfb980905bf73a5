import DequeModule
import Synchronization
import UpgradeDomain

/// The answers already given to agent reports, by cluster and idempotency key, so a retried
/// HTTP request gets the same answer as the first (the decider already ignores the repeat). A
/// refused report is kept too, with its body: a retry of the same report is refused the same way
/// and records nothing, where a report with the same key and other content is decided afresh.
///
/// A lock, not an actor: every report looks here twice, and a lookup is far cheaper than a hop
/// to another executor. The oldest answers go first once `capacity` is reached.
final class ReportAnswers: Sendable {
    private struct Book {
        var answers: [String: ReportAnswer] = [:]
        var refusals: [String: RefusedReport] = [:]
        var order: Deque<String> = []

        /// Notes `id` as kept, and lets the oldest go beyond `capacity`.
        mutating func note(_ id: String, isNew: Bool, capacity: Int) {
            if isNew { order.append(id) }
            while order.count > capacity {
                let oldest = order.removeFirst()
                answers[oldest] = nil
                refusals[oldest] = nil
            }
        }

        func holds(_ id: String) -> Bool { answers[id] != nil || refusals[id] != nil }
    }

    private let book = Mutex(Book())
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The answer kept for the key.
    func answer(cluster: String, key: String) -> ReportAnswer? {
        book.withLock { $0.answers[cluster + "\u{0}" + key] }
    }

    /// What an earlier report with this key was told: its answer, or (for this very body) its refusal.
    enum Earlier {
        case answered(ReportAnswer)
        case refused(CommandRefusal)
    }

    /// The answer kept for the key, else the refusal kept for this very report (same key, same
    /// body): one look under the lock for both.
    func earlier(cluster: String, key: String, body: NodeReportBody) -> Earlier? {
        let id = cluster + "\u{0}" + key
        return book.withLock { book in
            if let answer = book.answers[id] { return .answered(answer) }
            guard let kept = book.refusals[id], kept.body == body else { return nil }
            return .refused(kept.refusal)
        }
    }

    /// Keeps `answer` for the key unless the answer of the report that applied is kept already:
    /// concurrent retries are decided as duplicates, and one finishing last must not replace
    /// the first answer. Returns the answer to give: the first one, repeated, where it is kept.
    func remember(_ answer: ReportAnswer, cluster: String, key: String) -> ReportAnswer {
        let id = cluster + "\u{0}" + key
        return book.withLock { book in
            if let kept = book.answers[id], kept.applied || !answer.applied {
                return answer.applied ? answer : kept.repeated
            }
            let isNew = !book.holds(id)
            book.answers[id] = answer
            book.note(id, isNew: isNew, capacity: capacity)
            return answer
        }
    }

    /// Keeps the refusal of `body` for the key, replacing one kept for other content: a retry is
    /// most likely of the report refused last.
    func rememberRefusal(_ refusal: CommandRefusal, cluster: String, key: String, body: NodeReportBody) {
        let id = cluster + "\u{0}" + key
        book.withLock { book in
            let isNew = !book.holds(id)
            book.refusals[id] = RefusedReport(body: body, refusal: refusal)
            book.note(id, isNew: isNew, capacity: capacity)
        }
    }
}
