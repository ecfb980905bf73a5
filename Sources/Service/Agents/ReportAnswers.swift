import DequeModule
import Synchronization
import UpgradeDomain

/// The answers already given to agent reports, by cluster and idempotency key, so a retried
/// HTTP request gets the same answer as the first (the decider already ignores the repeat). A
/// refused report is kept too, with its body's digest: a retry of the same report is refused the
/// same way and records nothing, where a report with the same key and other content is decided afresh.
///
/// One report per cluster and key is decided at a time (`turn`): two identical reports arriving
/// together would otherwise both find nothing kept, and a refused one be recorded twice. The refusals
/// a cluster's stream holds are kept from its first report after a start (`seed`), so a retry
/// after a restart is answered as before it (ADR 0014).
///
/// A lock, not an actor: every report looks here two or three times, and a lookup is far cheaper
/// than a hop to another executor. The oldest answers go first once `capacity` is reached.
final class ReportAnswers: Sendable {
    private struct Book {
        var answers: [String: ReportAnswer] = [:]
        var refusals: [String: RefusedReport] = [:]
        var order: Deque<String> = []
        /// The reports being decided, by id: the continuations of those with the same id waiting.
        var deciding: [String: [CheckedContinuation<Void, Never>]] = [:]
        var waiting = 0
        /// The clusters whose stored refusals are kept (`seed`), and how far back.
        var seeded: [String: SeedLimit] = [:]

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

    private static func id(_ cluster: String, _ key: String) -> String { cluster + "\u{0}" + key }

    /// The answer kept for the key.
    func answer(cluster: String, key: String) -> ReportAnswer? {
        book.withLock { $0.answers[Self.id(cluster, key)] }
    }

    /// How many reports wait for another with their cluster and key to be decided.
    var waiting: Int { book.withLock { $0.waiting } }

    /// What a report is to do: give an earlier report's answer, or (for this very body) its
    /// refusal, or be decided (`decide`), then `end` its turn.
    enum Turn {
        case answered(ReportAnswer)
        case refused(CommandRefusal)
        case decide
    }

    /// The answer kept for the key, else the refusal kept for this very report (same key, same
    /// body), else the report's turn to be decided: once no other report with this cluster and key
    /// is being decided, the caller is, until it calls `end`. A report that waited looks again, so
    /// it is given the answer or refusal of the one it waited for.
    func turn(cluster: String, key: String, body: NodeReportBody) async -> Turn {
        let id = Self.id(cluster, key)
        while true {
            enum Look { case answered(ReportAnswer), busy, mine(RefusedReport?) }
            let look = book.withLock { book -> Look in
                if let answer = book.answers[id] { return .answered(answer) }
                if book.deciding[id] != nil { return .busy }
                book.deciding[id] = []
                return .mine(book.refusals[id])
            }
            switch look {
            case .answered(let answer):
                return .answered(answer)
            case .mine(let kept?) where kept.bodyDigest == body.digest:
                end(cluster: cluster, key: key)
                return .refused(kept.refusal)
            case .mine:
                return .decide
            case .busy:
                await withCheckedContinuation { continuation in
                    let now = book.withLock { book -> Bool in
                        guard book.deciding[id] != nil else { return true }
                        book.deciding[id]?.append(continuation)
                        book.waiting += 1
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
        }
    }

    /// Ends a report's turn (`turn` answered `decide`), kept answer or refusal first: the reports
    /// that waited for it look again.
    func end(cluster: String, key: String) {
        let id = Self.id(cluster, key)
        let waited = book.withLock { book -> [CheckedContinuation<Void, Never>] in
            let waited = book.deciding.removeValue(forKey: id) ?? []
            book.waiting -= waited.count
            return waited
        }
        for continuation in waited { continuation.resume() }
    }

    /// Keeps `answer` for the key unless the answer of the report that applied is kept already:
    /// concurrent retries are decided as duplicates, and one finishing last must not replace
    /// the first answer. Returns the answer to give: the first one, repeated, where it is kept.
    func remember(_ answer: ReportAnswer, cluster: String, key: String) -> ReportAnswer {
        let id = Self.id(cluster, key)
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

    /// Keeps the refusal of a report for the key, replacing one kept for other content: a retry is
    /// most likely of the report refused last.
    func rememberRefusal(_ refusal: CommandRefusal, cluster: String, key: String, bodyDigest: String) {
        let id = Self.id(cluster, key)
        book.withLock { book in
            let isNew = !book.holds(id)
            book.refusals[id] = RefusedReport(bodyDigest: bodyDigest, refusal: refusal)
            book.note(id, isNew: isNew, capacity: capacity)
        }
    }

    /// How far back the cluster's stored refusals are kept (`seed`); nil before its first report.
    func seeded(_ cluster: String) -> SeedLimit? {
        book.withLock { $0.seeded[cluster] }
    }

    /// Keeps the refusals read from the cluster's stream back to `limit`, in log order, each by
    /// its key (and the upgrade its report named), the last refusal of a key winning as in
    /// `rememberRefusal`; a key for which a refusal or answer is kept already keeps it (this
    /// service's own are newer, and so are those an earlier, shallower read found). The limit
    /// kept is the deepest read.
    func seed(_ cluster: String, refusals: [(key: String, refused: RefusedReport)], limit: SeedLimit) {
        book.withLock { book in
            book.seeded[cluster] = book.seeded[cluster].map { min($0, limit) } ?? limit
            var last: [String: RefusedReport] = [:]
            var order: [String] = []
            for (key, refused) in refusals {
                let id = Self.id(cluster, key)
                if last.updateValue(refused, forKey: id) == nil { order.append(id) }
            }
            for id in order where !book.holds(id) {
                book.refusals[id] = last[id]
                book.note(id, isNew: true, capacity: capacity)
            }
        }
    }
}

/// How far back a cluster's stream was read for its refusals: down to the acceptance of an
/// upgrade (at that event's stream revision; older refusals were not read), or the whole stream.
enum SeedLimit: Comparable, Sendable {
    case acceptance(upgrade: Int, revision: UInt64)
    case wholeStream

    static func < (lhs: SeedLimit, rhs: SeedLimit) -> Bool {
        switch (lhs, rhs) {
        case (.wholeStream, .acceptance): true
        case (.acceptance(_, let left), .acceptance(_, let right)): left < right
        default: false
        }
    }
}
