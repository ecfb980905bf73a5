import EventStore
import Foundation
import Testing

/// A replay fills its store as one bulk load; killed midway, it must leave a store that says it is
/// incomplete, never one whose indexes silently miss events.
@Suite("An interrupted replay")
struct InterruptedReplayTests {
    /// Whether the store in `folder` is marked as an unfinished bulk load, looked at from this process.
    static func loadIsUnderWay(_ folder: String) -> Bool {
        do {
            _ = try EventStore.open(at: folder, mode: .readOnly)
            return false
        } catch {
            return error == .unfinishedBulkLoad(path: folder)
        }
    }

    @Test func aReplayKilledMidwayLeavesAStoreThatEveryCommandRefusesInOneLine() throws {
        let folder = ScratchFolder("interrupted")
        let store = folder.child("store")
        // Far more fleet than the test waits for: it is killed as soon as its load is seen.
        let (process, _) = try OrchestratorProcess.start(["bench", "replay", "--clusters", "200000", "--store", store])
        // Watch the child's store until its first batch is down; bounded, and every look is a real check.
        let deadline = Date().addingTimeInterval(120)
        while !Self.loadIsUnderWay(store), process.isRunning, Date() < deadline { usleep(5_000) }
        #expect(process.isRunning, "the replay ended before its load was seen")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        for command in [["audit", "--store", store], ["verify", "--store", store], ["export", "--store", store],
                        ["replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--store", store]] {
            let outcome = try OrchestratorProcess.run(command)
            #expect(outcome.exitCode == 65, "\(command[0]): \(outcome.stderr)")
            #expect(outcome.stderr.contains("has not finished"), "\(command[0]): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(command[0]): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(command[0]) wrote \(outcome.stdout)")
        }
    }
}
