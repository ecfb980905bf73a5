import Synchronization

/// Whether the service has folded the history and serves its API, and how far the fold has come.
///
/// The server accepts connections while the fleet is still being folded, so `/healthz` answers at
/// once and `/readyz` reports progress; every other route but `/metrics` answers 503 until
/// `resumed()`. `onReady` runs once, when the server listens and the fold is done, whichever comes
/// last, and never once the fold has failed or the service is stopping.
public final class Readiness: Sendable {
    enum Phase: Sendable, Equatable {
        /// Folding: `folded` of `total` clusters and deployments so far.
        case resuming(folded: Int, total: Int)
        case ready
        /// The fold failed; the service stops.
        case failed(String)
        /// The service was stopped before the fold was done.
        case stopped
    }

    private struct State {
        var phase: Phase = .resuming(folded: 0, total: 0)
        var listening: (host: String, port: Int)?
        var announced = false
        var waiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())
    private let onReady: @Sendable (String, Int) -> Void

    public init(onReady: @escaping @Sendable (String, Int) -> Void = { _, _ in }) {
        self.onReady = onReady
    }

    var phase: Phase { state.withLock { $0.phase } }

    var isReady: Bool { phase == .ready }

    /// Progress of the fold.
    func progress(folded: Int, total: Int) {
        state.withLock { if case .resuming = $0.phase { $0.phase = .resuming(folded: folded, total: total) } }
    }

    /// The fold is done: the API serves.
    func resumed() {
        end(.ready)
    }

    /// The fold failed with `error`: waiters get a `ReadinessFailure` naming it.
    func failed(_ error: any Error) {
        end(.failed("\(error)"))
    }

    /// The service is stopping before the fold was done: waiters get a `ReadinessFailure`.
    func stopped() {
        end(.stopped)
    }

    /// The server accepts connections on `host`:`port`.
    func listening(host: String, port: Int) {
        let announce = state.withLock { state in
            state.listening = (host, port)
            return Self.announcement(&state)
        }
        if let (host, port) = announce { onReady(host, port) }
    }

    /// How many callers wait in `waitUntilReady`.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Returns once the API serves. Throws `ReadinessFailure` if the fold failed or the service
    /// stopped first, and `CancellationError` if the waiting task is cancelled.
    func waitUntilReady() async throws {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let now: Result<Void, any Error>? = state.withLock { state in
                    if let outcome = Self.outcome(of: state.phase) { return outcome }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now { continuation.resume(with: now) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    /// Leaves `.resuming` for `phase` (a later call changes nothing), answers the waiters, and
    /// announces the service if it became ready with the server listening.
    private func end(_ phase: Phase) {
        let (waiters, announce) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], (String, Int)?) in
            guard case .resuming = state.phase else { return ([], nil) }
            state.phase = phase
            defer { state.waiters = [:] }
            return (Array(state.waiters.values), Self.announcement(&state))
        }
        let outcome = Self.outcome(of: phase) ?? .success(())
        for waiter in waiters { waiter.resume(with: outcome) }
        if let (host, port) = announce { onReady(host, port) }
    }

    /// What a waiter gets in `phase`; nil while resuming.
    private static func outcome(of phase: Phase) -> Result<Void, any Error>? {
        switch phase {
        case .resuming: nil
        case .ready: .success(())
        case .failed(let reason): .failure(ReadinessFailure(reason: reason))
        case .stopped: .failure(ReadinessFailure(reason: "the service stopped before it was ready"))
        }
    }

    /// Host and port to announce, once both halves are in and not yet announced.
    private static func announcement(_ state: inout State) -> (String, Int)? {
        guard state.phase == .ready, let listening = state.listening, !state.announced else { return nil }
        state.announced = true
        return listening
    }
}

/// The fold that `waitUntilReady` waited for failed, or the service stopped first.
struct ReadinessFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String { "the service did not resume: \(reason)" }
}
