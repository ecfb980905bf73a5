import DequeModule
import Synchronization

/// The answers already given to agent reports, by cluster and idempotency key, so a retried
/// HTTP request gets the same answer as the first (the decider already ignores the repeat).
///
/// A lock, not an actor: every report looks here twice, and a lookup is far cheaper than a hop
/// to another executor. The oldest answers go first once `capacity` is reached.
final class ReportAnswers: Sendable {
    private struct Book {
        var answers: [String: ReportAnswer] = [:]
        var order: Deque<String> = []
    }

    private let book = Mutex(Book())
    private let capacity: Int

    init(capacity: Int = 100_000) { self.capacity = capacity }

    func answer(cluster: String, key: String) -> ReportAnswer? {
        book.withLock { $0.answers[cluster + "\u{0}" + key] }
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
            if book.answers.updateValue(answer, forKey: id) == nil { book.order.append(id) }
            while book.order.count > capacity { book.answers[book.order.removeFirst()] = nil }
            return answer
        }
    }
}
