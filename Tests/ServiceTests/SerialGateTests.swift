import Synchronization
import Testing
@testable import Service

@Suite("Serial gate")
struct SerialGateTests {
    /// What the holders did, in order.
    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// Waits, yielding, until `count` callers wait at the gate (false if they never do).
    static func waiting(_ count: Int, at gate: SerialGate) async -> Bool {
        for _ in 0..<1_000_000 {
            if gate.waiting >= count { return true }
            await Task.yield()
        }
        return false
    }

    @Test func holdersRunOneAtATimeInTheOrderTheyCame() async throws {
        let gate = SerialGate()
        let log = Log()
        let (entered, enteredSignal) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let first = Task {
            try await gate.run {
                log.append("1 in")
                enteredSignal.yield()
                for await _ in released { break }
                log.append("1 out")
            }
        }
        for await _ in entered { break }
        var others: [Task<Void, any Error>] = []
        for number in 2...3 {
            others.append(Task {
                try await gate.run {
                    log.append("\(number) in")
                    await Task.yield()
                    log.append("\(number) out")
                }
            })
            #expect(await Self.waiting(number - 1, at: gate))
        }
        release.yield()
        try await first.value
        for task in others { try await task.value }
        #expect(log.all == ["1 in", "1 out", "2 in", "2 out", "3 in", "3 out"])
        #expect(gate.waiting == 0)
    }

    @Test func aHolderThatThrowsLetsTheNextIn() async throws {
        struct Failed: Error {}
        let gate = SerialGate()
        await #expect(throws: Failed.self) { try await gate.run { throw Failed() } }
        #expect(try await gate.run { 42 } == 42)
    }
}
