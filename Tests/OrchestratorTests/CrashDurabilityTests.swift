import EventStore
import Foundation
import Testing

/// Acknowledged appends survive SIGKILL at any moment: a real child process appends under load,
/// is killed at random points, and every acknowledgement it printed must be in the reopened store.
@Suite("Crash durability")
struct CrashDurabilityTests {
    struct Ack {
        var firstPosition: UInt64
        var lastPosition: UInt64
        var stream: String
        var firstRevision: UInt64
        var ids: [UUID]
    }

    static func parse(_ line: String) -> Ack? {
        let parts = line.split(separator: " ")
        guard parts.count == 6, parts[0] == "ack",
              let first = UInt64(parts[1]), let last = UInt64(parts[2]), let revision = UInt64(parts[4]) else { return nil }
        let ids = parts[5].split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        return Ack(firstPosition: first, lastPosition: last, stream: String(parts[3]), firstRevision: revision, ids: ids)
    }

    @Test func everyAcknowledgedAppendSurvivesRepeatedSIGKILL() throws {
        let folder = ScratchFolder("crash")
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [Ack] = []
        for round in 0..<5 {
            let (process, output) = try OrchestratorProcess.start([
                "append-load", "--store", folder.path, "--appenders", "32", "--batch", "3",
            ])
            // Kill after a random number of acknowledgements: a random point in the load.
            let killAfter = Int.random(in: 20...400, using: &generator)
            var reader = LineReader(output)
            var seen = 0
            while let line = reader.next() {
                guard let ack = Self.parse(line) else { Issue.record("round \(round): unreadable line \(line)"); break }
                acknowledged.append(ack)
                seen += 1
                if seen == killAfter { kill(process.processIdentifier, SIGKILL) }
            }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the loader was not killed")
            #expect(seen >= killAfter, "round \(round): loader stopped after \(seen) acknowledgements")

            let store = try EventStore.open(at: folder.path, mode: .readWrite)
            let report = try store.verify()
            #expect(report.isSound, "round \(round): \(report.problem ?? "")")
            for ack in acknowledged {
                let events = try store.readStream(ack.stream, from: ack.firstRevision, limit: ack.ids.count)
                #expect(events.map(\.id) == ack.ids, "round \(round): acknowledged append at \(ack.firstPosition) is missing")
                #expect(events.map(\.position) == Array(ack.firstPosition...ack.lastPosition))
            }
            store.close()
        }
        #expect(acknowledged.count > 100)
    }
}
