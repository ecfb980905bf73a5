import Synchronization

/// Whether the service has folded the history and serves its API, and how far the fold has come.
///
/// The server accepts connections while the fleet is still being folded, so `/healthz` answers at
/// once and `/readyz` reports progress; every other route answers 503 until `resumed()`.
/// `onReady` runs once, when the server listens and the fold is done, whichever comes last.
public final class Readiness: Sendable {
    public enum Phase: Sendable, Equatable {
        /// Folding: `folded` of `total` clusters and deployments so far.
        case resuming(folded: Int, total: Int)
        case ready
        /// The fold failed; the service stops.
        case failed(String)
    }

    private struct State {
        var phase: Phase = .resuming(folded: 0, total: 0)
        var listening: (host: String, port: Int)?
        var announced = false
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private let state = Mutex(State())
    private let onReady: @Sendable (String, Int) -> Void

    public init(onReady: @escaping @Sendable (String, Int) -> Void = { _, _ in }) {
        self.onReady = onReady
    }

    public var phase: Phase { state.withLock { $0.phase } }

    public var isReady: Bool { phase == .ready }

    /// Progress of the fold.
    func progress(folded: Int, total: Int) {
        state.withLock { if case .resuming = $0.phase { $0.phase = .resuming(folded: folded, total: total) } }
    }

    /// The fold is done: the API serves.
    func resumed() {
        let (waiters, announce) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], (String, Int)?) in
            state.phase = .ready
            defer { state.waiters = [] }
            return (state.waiters, Self.announcement(&state))
        }
        for waiter in waiters { waiter.resume() }
        if let (host, port) = announce { onReady(host, port) }
    }

    /// The fold failed with `error`: waiters get a `ReadinessFailure` naming it.
    func failed(_ error: any Error) {
        let reason = "\(error)"
        let waiters = state.withLock { state in
            state.phase = .failed(reason)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: ReadinessFailure(reason: reason)) }
    }

    /// How many callers wait in `waitUntilReady`.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// The server accepts connections on `host`:`port`.
    func listening(host: String, port: Int) {
        let announce = state.withLock { state in
            state.listening = (host, port)
            return Self.announcement(&state)
        }
        if let (host, port) = announce { onReady(host, port) }
    }

    /// Returns once the API serves; throws the fold's error if it failed.
    public func waitUntilReady() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let now: Result<Void, any Error>? = state.withLock { state in
                switch state.phase {
                case .ready: return .success(())
                case .failed(let reason): return .failure(ReadinessFailure(reason: reason))
                case .resuming:
                    state.waiters.append(continuation)
                    return nil
                }
            }
            if let now { continuation.resume(with: now) }
        }
    }

    /// Host and port to announce, once both halves are in and not yet announced.
    private static func announcement(_ state: inout State) -> (String, Int)? {
        guard state.phase == .ready, let listening = state.listening, !state.announced else { return nil }
        state.announced = true
        return listening
    }
}

/// The fold that `waitUntilReady` waited for failed.
public struct ReadinessFailure: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "the service did not resume: \(reason)" }
}
