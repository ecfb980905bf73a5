import Foundation

/// The one writer of a store: batches every append queued while it was busy into one LMDB write
/// transaction and one durable commit, then answers each caller.
///
/// `@unchecked Sendable`: `queue`, `wakeAt`, `stopping` and `finished` are guarded by `condition`;
/// the thread owns the rest.
final class GroupCommitWriter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<AppendResult, EventStoreError>) -> Void

    private struct Pending {
        let request: AppendRequest
        let completion: Completion
    }

    private let condition = NSCondition()
    private var queue: [Pending] = []
    /// How many queued requests the writer waits for: 1 when idle, more while it lingers. A
    /// caller signals only when its request reaches it, so a lingering writer is woken once, not
    /// by every caller.
    private var wakeAt = 1
    private var stopping = false
    private var finished = false
    private let commit: ([AppendRequest]) -> [Result<AppendResult, EventStoreError>]
    private let onCommitted: (UInt64) -> Void
    /// Upper bound on events in one transaction, so one huge backlog does not make one huge commit.
    private let maxEventsPerBatch: Int
    /// Longest wait for answered callers to append again before the next commit (see `nextBatch`).
    private let maxLinger: Double
    /// Writer-thread state: how many requests the last commit answered and how long it took.
    private var lastAnswered = 0
    private var lastCommitSeconds = 0.0

    /// - Parameters:
    ///   - commit: applies requests in one durable transaction, one result each.
    ///   - onCommitted: told the last position after each commit that wrote something.
    init(
        maxEventsPerBatch: Int = 65_536,
        maxLinger: Duration = .milliseconds(1),
        commit: @escaping ([AppendRequest]) -> [Result<AppendResult, EventStoreError>],
        onCommitted: @escaping (UInt64) -> Void
    ) {
        self.commit = commit
        self.onCommitted = onCommitted
        self.maxEventsPerBatch = maxEventsPerBatch
        self.maxLinger = Double(maxLinger.components.seconds) + Double(maxLinger.components.attoseconds) / 1e18
        let thread = Thread { [self] in loop() }
        thread.name = "event-store-writer"
        thread.start()
    }

    /// Queues a request; `completion` runs on the writer thread once it is durable or refused.
    func submit(_ request: AppendRequest, completion: @escaping Completion) -> Bool {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            return false
        }
        queue.append(Pending(request: request, completion: completion))
        let wake = queue.count == wakeAt
        condition.unlock()
        // Signalled after the unlock, so the writer does not wake into a lock still held.
        if wake { condition.signal() }
        return true
    }

    /// Stops taking requests, commits what is queued, and waits for the thread to end.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func loop() {
        while let batch = nextBatch() {
            let started = ContinuousClock.now
            let results = commit(batch.map(\.request))
            let took = ContinuousClock.now - started
            lastCommitSeconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            lastAnswered = batch.count
            var last: UInt64 = 0
            for (pending, result) in zip(batch, results) {
                if case .success(let appended) = result, !appended.alreadyStored { last = max(last, appended.lastPosition) }
                pending.completion(result)
            }
            if last > 0 { onCommitted(last) }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for work; returns nil once stopping and drained.
    ///
    /// Callers answered by the last commit often append again at once (a busy service). When fewer
    /// requests are queued than that commit answered, wait a little for them (at most `maxLinger`
    /// and half the last commit's time) so they share the next fsync instead of each cohort
    /// taking its own. A lone caller (the last commit answered one request) never waits.
    private func nextBatch() -> [Pending]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping { condition.wait() }
        if queue.isEmpty { return nil }
        if lastAnswered > 1 && queue.count < lastAnswered && !stopping {
            let deadline = Date(timeIntervalSinceNow: min(maxLinger, lastCommitSeconds / 2))
            wakeAt = lastAnswered
            while queue.count < lastAnswered && !stopping && condition.wait(until: deadline) {}
            wakeAt = 1
        }
        var count = 0
        var taken = 0
        for pending in queue {
            count += pending.request.events.count
            taken += 1
            if count >= maxEventsPerBatch { break }
        }
        let batch = Array(queue.prefix(taken))
        queue.removeFirst(taken)
        return batch
    }
}
