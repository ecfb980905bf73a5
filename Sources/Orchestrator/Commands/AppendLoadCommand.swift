import ArgumentParser
import EventStore
import Foundation

/// A hidden load generator for the durability test: concurrent appenders, and one stdout line per
/// acknowledged append, written only after the store answered (so after the commit was durable).
struct AppendLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append-load",
        abstract: "Append events concurrently and print each acknowledgement (for crash tests).",
        shouldDisplay: false
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Concurrent appenders.") var appenders: Int = 16
    @Option(help: "Appends per appender (0: until killed).") var count: Int = 0
    @Option(help: "Events per append.") var batch: Int = 1
    @Option(help: "The map's size when the store is opened, in bytes (small: it grows under load).") var initialMapBytes: Int = 64 << 20

    func run() async throws {
        let store = try EventStore.open(at: storeOptions.store, mode: .create, initialMapSize: initialMapBytes)
        let out = FileHandle.standardOutput
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    let stream = "load/\(appender)-\(UUID().uuidString.prefix(8))"
                    var k = 0
                    while count == 0 || k < count {
                        let events = (0..<batch).map { i in
                            EventData(id: TimeOrderedEventID.next(), type: "LoadTick", recordedAtMs: TimeText.nowMs(), actor: "load/\(appender)",
                                      correlationID: i == 0 ? UUID() : nil, payload: Data(#"{"k":\#(k)}"#.utf8))
                        }
                        let result = try await store.append(to: stream, expected: k == 0 ? .noStream : .exact(UInt64(k * batch - 1)), events: events)
                        let ids = events.map { $0.id.uuidString.lowercased() }.joined(separator: ",")
                        out.write(Data("ack \(result.firstPosition) \(result.lastPosition) \(stream) \(result.firstRevision) \(ids)\n".utf8))
                        k += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        store.close()
    }
}
