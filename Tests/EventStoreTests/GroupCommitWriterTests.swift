@testable import EventStore
import Foundation
import Synchronization
import Testing

/// The writer thread on its own, with a stand-in for the LMDB commit that takes as long as an fsync
/// might: every request is answered exactly once, with its own result, whatever the batching.
@Suite("Group-commit writer")
struct GroupCommitWriterTests {
    /// A commit that sleeps, then answers each request with a position of its own; it records batch sizes.
    final class SlowCommit: Sendable {
        let delay: Duration
        let batches = Mutex<[Int]>([])
        let next = Mutex<UInt64>(0)

        init(delay: Duration) { self.delay = delay }

        func callAsFunction(_ requests: [AppendRequest]) -> [Result<AppendResult, EventStoreError>] {
            Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
            batches.withLock { $0.append(requests.count) }
            return requests.map { request in
                let position = next.withLock { $0 += 1; return $0 }
                return .success(AppendResult(stream: request.stream, firstPosition: position, lastPosition: position,
                                             firstRevision: 0, lastRevision: 0, alreadyStored: false))
            }
        }
    }

    static func request(_ stream: String) -> AppendRequest {
        AppendRequest(stream: stream, expected: .any, events: [SampleEvents.event()])
    }

    static func append(_ writer: GroupCommitWriter, _ stream: String) async -> AppendResult? {
        await withCheckedContinuation { continuation in
            let queued = writer.submit(request(stream)) { continuation.resume(returning: try? $0.get()) }
            if !queued { continuation.resume(returning: nil) }
        }
    }

    @Test func concurrentCallersShareCommitsAndEachGetsItsOwnAnswer() async throws {
        let commit = SlowCommit(delay: .milliseconds(5))
        let writer = GroupCommitWriter(commit: { commit($0) }, onCommitted: { _ in })
        let answers = await withTaskGroup(of: [AppendResult?].self) { group in
            for caller in 0..<16 {
                group.addTask {
                    var mine: [AppendResult?] = []
                    for _ in 0..<10 { mine.append(await Self.append(writer, "caller-\(caller)")) }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        writer.stop()
        let positions = answers.compactMap { $0?.firstPosition }
        #expect(positions.count == 160)
        #expect(Set(positions) == Set(1...160))
        let batches = commit.batches.withLock { $0 }
        #expect(batches.reduce(0, +) == 160)
        #expect(batches.max()! > 1, "16 concurrent callers never shared a commit: \(batches)")
    }

    @Test func aLoneCallerIsAnsweredForEveryRequestOneCommitEach() async throws {
        let commit = SlowCommit(delay: .milliseconds(1))
        let writer = GroupCommitWriter(commit: { commit($0) }, onCommitted: { _ in })
        for expected in 1...20 {
            #expect(await Self.append(writer, "alone")?.firstPosition == UInt64(expected))
        }
        writer.stop()
        #expect(commit.batches.withLock { $0 } == Array(repeating: 1, count: 20))
    }

    @Test func stoppingWhileCallersAreInFlightAnswersEveryAcceptedRequest() async throws {
        let commit = SlowCommit(delay: .milliseconds(20))
        let writer = GroupCommitWriter(commit: { commit($0) }, onCommitted: { _ in })
        let answered = Counter(), refused = Counter()
        await withTaskGroup(of: Void.self) { group in
            for caller in 0..<8 {
                group.addTask {
                    for _ in 0..<50 {
                        if await Self.append(writer, "caller-\(caller)") != nil {
                            answered.increment()
                        } else {
                            refused.increment()
                            return
                        }
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(70))
                writer.stop()
            }
        }
        // Every request the writer accepted was committed and answered; the rest were refused.
        #expect(answered.value == commit.batches.withLock { $0.reduce(0, +) })
        #expect(refused.value > 0)
        #expect(writer.submit(Self.request("late")) { _ in Issue.record("a request after stop was answered") } == false)
    }
}
