@testable import EventStore
import Foundation
import Testing

/// The store commands on the real binary: export/import, backup, verify, audit, and their errors.
@Suite("Store commands")
struct StoreCommandTests {
    let folder = ScratchFolder("store")

    /// A store with the demo history plus load events (payloads both canonical JSON and not).
    func seededStore() throws -> String {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        try #require(OrchestratorProcess.run(["append-load", "--store", store, "--appenders", "3", "--count", "5", "--batch", "2"]).exitCode == 0)
        return store
    }

    @Test func exportThenImportThenExportIsByteIdentical() throws {
        let store = try seededStore()
        let first = try OrchestratorProcess.run(["export", "--store", store])
        #expect(first.exitCode == 0)
        #expect(first.stdout.split(separator: "\n").count == 25 + 30)
        let exported = folder.child("export.ndjson")
        _ = FileManager.default.createFile(atPath: exported, contents: first.stdoutData)

        let copy = folder.child("copy")
        let imported = try OrchestratorProcess.run(["import", "--store", copy], stdinFile: exported)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        let second = try OrchestratorProcess.run(["export", "--store", copy])
        #expect(second.stdoutData == first.stdoutData)
        #expect(try OrchestratorProcess.run(["verify", "--store", copy]).exitCode == 0)
    }

    @Test func aBadImportLineNamesTheLineAndLeavesNothingBehind() throws {
        let store = try seededStore()
        var lines = try OrchestratorProcess.run(["export", "--store", store]).stdout.split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: "\"revision\":", with: "\"revision\":\"x\",\"old\":")
        let target = folder.child("target")
        let outcome = try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n"))
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: stdin line 4: revision: expected a non-negative integer, got x\n")
        #expect(!FileManager.default.fileExists(atPath: target))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("target") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [
        (#""timeMs":[0-9]+"#, #""timeMs":1e30"#, "timeMs: expected milliseconds since the epoch, got 1e+30"),
        (#""timeMs":[0-9]+"#, #""timeMs":-1"#, "timeMs: -1 is outside 1970 to 9999"),
        (#""timeMs":[0-9]+"#, #""timeMs":true"#, "timeMs: expected milliseconds since the epoch, got true"),
        (#""timeMs":([0-9]+)"#, #""timeMs":$1.7"#, "timeMs: expected milliseconds since the epoch, got "),
        (#""position":[0-9]+"#, #""position":true"#, "position: expected a non-negative integer, got true"),
        (#""position":[0-9]+"#, #""position":9007199254740993"#, "position 9007199254740993, expected 1"),
        (#""schemaVersion":[0-9]+"#, #""schemaVersion":99999999999"#, "schemaVersion: expected a schema version (0 to 4294967295), got 99999999999"),
        (#""contentType":"[^"]*""#, #""contentType":"""#, "contentType: empty"),
        // Keys that would be dropped without a word (ADR 0026).
        (#""actor":"#, #""correlationID":"01a20f92-ab00-73c7-8000-000000000001","actor":"#, "correlationID: not a key of an export line"),
        (#""actor":"([^"]*)""#, #""actor":"mallory","actor":"$1""#, "actor: the key is given twice"),
        (#""time":"[^"]*""#, #""time":"2030-01-01T00:00:00.000Z""#, "time 2030-01-01T00:00:00.000Z disagrees with timeMs"),
        (#""time":"[^"]*""#, #""time":17"#, "time: expected an RFC 3339 time"),
        (#""contentType":"#, #""data":{},"contentType":"#, "data and payloadBase64: both given"),
    ])
    func anImportFieldOfTheWrongKindNamesItAndWritesNothing(pattern: String, replacement: String, message: String) throws {
        let store = try seededStore()
        var lines = try OrchestratorProcess.run(["export", "--store", store]).stdout.split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        let target = folder.child("target")
        let outcome = try OrchestratorProcess.run(["import", "--store", target], stdin: lines.joined(separator: "\n"))
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr.hasPrefix("orchestrator: stdin line 1: \(message)"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func anExportLineWithoutItsReadableTimeImportsAtTimeMs() throws {
        let store = try seededStore()
        let exported = try OrchestratorProcess.run(["export", "--store", store]).stdout
        let withoutTime = exported.replacingOccurrences(of: #""time":"[^"]*","#, with: "", options: .regularExpression)
        #expect(withoutTime != exported)
        let copy = folder.child("copy")
        let imported = try OrchestratorProcess.run(["import", "--store", copy], stdin: withoutTime)
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(try OrchestratorProcess.run(["export", "--store", copy]).stdout == exported)
    }

    @Test func importRefusesALineThatIsNotUTF8AndAnUnreadableStdin() throws {
        let store = try seededStore()
        let export = try OrchestratorProcess.run(["export", "--store", store]).stdoutData
        var bytes = [UInt8](export)
        let actor = try #require(bytes.indices.first { bytes[$0...].starts(with: Array(#""actor":""#.utf8)) })
        bytes.insert(0xFF, at: actor + 9)
        let input = folder.child("bad-utf8.ndjson")
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let target = folder.child("target")
        let badText = try OrchestratorProcess.run(["import", "--store", target], stdinFile: input)
        #expect(badText.exitCode == 65)
        #expect(badText.stderr == "orchestrator: stdin line 1: not UTF-8 text\n")
        let fromFolder = try OrchestratorProcess.run(["import", "--store", target], stdinFile: folder.path)
        #expect(fromFolder.exitCode == 74)
        #expect(fromFolder.stderr == "orchestrator: cannot read stdin: is a directory\n")
        #expect(!FileManager.default.fileExists(atPath: target))
        // Blank lines, spaces included, are skipped as they always were.
        let spaced = try OrchestratorProcess.run(["import", "--store", target], stdin: String(decoding: export, as: UTF8.self) + "  \n\t\n")
        #expect(spaced.exitCode == 0, "\(spaced.stderr)")
    }

    @Test(arguments: [["export"], ["audit", "--limit", "5"], ["verify"]])
    func aFullDiskOnStdoutIsOneLineAndExit74(command: [String]) throws {
        let store = try seededStore()
        let outcome = try OrchestratorProcess.run([command[0], "--store", store] + command.dropFirst(), stdoutFile: "/dev/full")
        #expect(outcome.exitCode == 74)
        #expect(outcome.stderr == "orchestrator: cannot write to standard output: no space left on device\n")
    }

    @Test func aStoreUnderAFileIsNamedAsSuchAndAnEmptyStoreFlagIs64() throws {
        let store = try seededStore()
        let file = folder.child("a-file")
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let export = try OrchestratorProcess.run(["export", "--store", store]).stdout
        for (command, stdin) in [(["import", "--store", file + "/x"], export), (["backup", "--store", store, "--to", file + "/x"], "")] {
            let outcome = try OrchestratorProcess.run(command, stdin: stdin)
            #expect(outcome.exitCode == 65, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("\(file) is a file, so no folder can be made inside it"), "\(outcome.stderr)")
        }
        for command in [["audit", "--store", ""], ["export", "--store", ""], ["backup", "--store", store, "--to", ""]] {
            let outcome = try OrchestratorProcess.run(command)
            #expect(outcome.exitCode == 64, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("orchestrator: --\(command.last == "" && command.count == 5 ? "to" : "store") is empty"), "\(outcome.stderr)")
        }
    }

    @Test func importRefusesAStoreThatHoldsEvents() throws {
        let store = try seededStore()
        let outcome = try OrchestratorProcess.run(["import", "--store", store], stdin: "")
        #expect(outcome.exitCode == 73, "the input is fine; the target cannot take it")
        #expect(outcome.stderr.contains("not empty"))
    }

    @Test func importIntoAFileSaysItIsAFileNotAFolder() throws {
        let file = folder.child("a-file")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data("keep me".utf8))
        let outcome = try OrchestratorProcess.run(["import", "--store", file], stdin: "")
        #expect(outcome.exitCode == 73)
        #expect(outcome.stderr == "orchestrator: import needs a new or empty folder, and \(file) is a file, not a folder\n")
        #expect(FileManager.default.contents(atPath: file) == Data("keep me".utf8))
    }

    @Test func aBackupIsACompleteVerifiedCopy() throws {
        let store = try seededStore()
        let copy = folder.child("backup")
        let outcome = try OrchestratorProcess.run(["backup", "--store", store, "--to", copy])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.contains("backed up 55 events"))
        let original = try OrchestratorProcess.run(["export", "--store", store]).stdoutData
        #expect(try OrchestratorProcess.run(["export", "--store", copy]).stdoutData == original)
    }

    /// A folder given with a trailing slash (as a shell completes it) is the same folder: the copy
    /// is built beside it, not inside it, and lands there.
    @Test(arguments: [false, true])
    func aBackupAndAnImportIntoAFolderWrittenWithATrailingSlashLandThere(targetExists: Bool) throws {
        let store = try seededStore()
        let original = try OrchestratorProcess.run(["export", "--store", store])
        let exported = folder.child("export.ndjson")
        _ = FileManager.default.createFile(atPath: exported, contents: original.stdoutData)
        let copy = folder.child("backup"), imported = folder.child("imported")
        if targetExists {
            for path in [copy, imported] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        }
        let backup = try OrchestratorProcess.run(["backup", "--store", store, "--to", copy + "/"])
        #expect(backup.exitCode == 0, "\(backup.stderr)")
        let restored = try OrchestratorProcess.run(["import", "--store", imported + "/"], stdinFile: exported)
        #expect(restored.exitCode == 0, "\(restored.stderr)")
        for path in [copy, imported] {
            #expect(try OrchestratorProcess.run(["export", "--store", path]).stdoutData == original.stdoutData, "\(path)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".backup-") || $0.contains(".importing-") } == [],
                    "\(path)")
        }
    }

    @Test func aLogWhoseKeysBreakTheSequenceIsADamagedStoreNotACrash() throws {
        let store = try seededStore()
        do {
            // A damaged page stands in: one more record under a key out of sequence.
            let opened = try EventStore.open(at: store, mode: .readWrite)
            try opened.env.write { txn in
                try BigEndian.withBytes(1000) { key in try Array("x".utf8).withRaw { value in try txn.put(opened.layout.log, key: key, value: value) } }
            }
            opened.close()
        }
        for command in [["export"], ["audit"], ["audit", "--from-position", "50"]] {
            let outcome = try OrchestratorProcess.run([command[0], "--store", store] + command.dropFirst())
            #expect(outcome.exitCode == 65, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr == "orchestrator: store \(store) is damaged: the log holds position 1000 after position 55; restore it from a backup\n")
        }
    }

    @Test func verifyNamesTheFirstProblemAndExitsOne() throws {
        let store = try seededStore()
        #expect(try OrchestratorProcess.run(["verify", "--store", store]).stdout.hasPrefix("ok: 55 events in 7 streams"))
        do {
            let opened = try EventStore.open(at: store, mode: .readWrite)
            try opened.env.write { txn in
                try Array("Forged".utf8).withRaw { key in
                    try PostingList.append([PostingList.Entry(position: 3)], key: key, dbi: opened.layout.byType, timed: false, txn: txn)
                }
            }
            opened.close()
        }
        let outcome = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr == "orchestrator: verify \(store): index type_postings holds 56 entries for 55 events\n")
    }

    @Test func auditPrintsOneJSONObjectPerLine() throws {
        let store = try seededStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "store-0002", "--format", "ndjson"])
        #expect(outcome.exitCode == 0)
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["position", "stream", "revision", "id", "type", "time", "actor", "correlationId", "data"])
        #expect(UUID(uuidString: first["id"] as? String ?? "") != nil)
        #expect(UUID(uuidString: first["correlationId"] as? String ?? "") != nil)
        #expect(first["stream"] as? String == "cluster/store-0002")
        #expect(first["type"] as? String == "ProfileVersionAssigned")
        #expect((first["data"] as? [String: Any])?["to"] as? String == "1.1.0")
    }

    /// An answer of several index pages (4,096 events each) is written as it is read: every event
    /// once, in log order, up to `--limit`, the same in `json` as in `ndjson`.
    @Test func anAnswerOfSeveralPagesIsTheSameEventsInLogOrderInEveryJSONForm() throws {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["append-load", "--store", store, "--appenders", "2", "--count", "25", "--batch", "100"]).exitCode == 0)
        func positions(_ format: String, _ limit: Int) throws -> [Int] {
            let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--format", format, "--limit", String(limit)])
            try #require(outcome.exitCode == 0, "\(outcome.stderr)")
            let objects: [Any] = format == "json"
                ? try #require(try JSONSerialization.jsonObject(with: outcome.stdoutData) as? [Any])
                : try outcome.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) }
            return objects.compactMap { (($0 as? [String: Any])?["position"] as? NSNumber)?.intValue }
        }
        #expect(try positions("ndjson", 4500) == Array(1...4500))
        #expect(try positions("json", 4500) == Array(1...4500))
        #expect(try positions("ndjson", 100_000) == Array(1...5000))
        #expect(try positions("json", 100_000) == Array(1...5000))
        let none = try OrchestratorProcess.run(["audit", "--store", store, "--format", "json", "--type", "NoSuchType"])
        #expect(none.exitCode == 0)
        #expect(none.stdout == "[]\n")
    }

    @Test func aRepeatedClusterAnswersAnyOfThemInLogOrder() throws {
        let store = try seededStore()
        func positions(_ arguments: [String]) throws -> [(Int, String)] {
            try OrchestratorProcess.run(["audit", "--store", store, "--format", "ndjson"] + arguments).stdout.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return (object["position"] as? Int ?? 0, object["stream"] as? String ?? "")
            }
        }
        let both = try positions(["--cluster", "store-0003", "--cluster", "store-0002"])
        #expect(both.count == 16)
        #expect(both.map(\.0) == both.map(\.0).sorted())
        #expect(Set(both.map(\.1)) == ["cluster/store-0002", "cluster/store-0003"])
        #expect(try positions(["--cluster", "store-0003", "--cluster", "store-0002", "--limit", "5"]).map(\.0) == Array(both.prefix(5).map(\.0)))
        #expect(try positions(["--cluster", "store-0002", "--cluster", "store-0002"]).count == 8)
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "store-0002", "--cluster", "nowhere", "--format", "ndjson"])
        #expect(outcome.stdout.split(separator: "\n").count == 8)
        #expect(outcome.stderr == "note: no cluster 'nowhere' in \(store)\n")
    }

    @Test func auditFiltersCombineOverTheIndexes() throws {
        let store = try seededStore()
        func count(_ arguments: [String]) throws -> Int {
            try OrchestratorProcess.run(["audit", "--store", store, "--format", "ndjson"] + arguments).stdout.split(separator: "\n").count
        }
        #expect(try count(["--type", "UpgradeDone"]) == 3)
        #expect(try count(["--type", "UpgradeDone", "--type", "UpgradePlanned"]) == 6)
        #expect(try count(["--actor", "alice"]) == 4)
        #expect(try count(["--actor", "alice", "--type", "ProfileVersionDrafted"]) == 1)
        #expect(try count(["--since", "1h"]) == 55)
        #expect(try count(["--until", "1970-01-02T00:00:00Z"]) == 0)
        #expect(try count(["--from-position", "50"]) == 6)
        #expect(try count(["--limit", "7"]) == 7)
    }

    @Test func anUpgradeIsFoundByItsIDThroughTheCorrelationIndex() throws {
        let store = try seededStore()
        let planned = try OrchestratorProcess.run(["export", "--store", store]).stdout.split(separator: "\n")
            .first { $0.contains("\"UpgradePlanned\"") && $0.contains("store-0003") }
        let line = try #require(planned)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let upgrade = try #require(object["correlationId"] as? String)
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--upgrade", upgrade, "--format", "ndjson"])
        #expect(outcome.stdout.split(separator: "\n").count == 8)
        #expect(!outcome.stdout.contains("store-0001"))
    }

    @Test func anUnknownClusterIsAnEmptyResultWithANote() throws {
        let store = try seededStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--cluster", "nowhere", "--format", "ndjson"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("no cluster 'nowhere'"))
    }

    @Test(arguments: ["yesterday", "2026-13-01T00:00:00Z", "5x", "99999999999999999w", "2026-02-30T00:00:00Z", "2026-11-24T01:00:15+01"])
    func aMalformedTimeExits64ShowingTheAcceptedForms(time: String) throws {
        let store = try seededStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--since", time])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.contains("RFC 3339"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["audit"], ["verify"], ["export"], ["backup", "--to", "/tmp/unused-backup-target"]])
    func aMissingStoreIsOneClearLineAndNothingIsCreated(command: [String]) throws {
        let missing = folder.child("missing")
        let outcome = try OrchestratorProcess.run(command + ["--store", missing])
        #expect(outcome.exitCode == 66)
        #expect(outcome.stderr.hasPrefix("orchestrator: no store at \(missing)"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test(arguments: [
        (["audit", "--store", "x", "--bogus"], ["--bogus"]),
        (["verify"], ["--store"]),
        (["bench", "store", "--events", "ten"], ["'ten'", "--events"]),
        (["run", "--store", "x", "--port", "abc"], ["'abc'", "--port"]),
        (["nonsense"], ["nonsense"]),
        (["replay", "x.json", "--seed", "-1"], ["--seed", "from 0 to 18446744073709551615", "'-1'"]),
        (["audit", "--store", "x", "--limit", "-3"], ["--limit must be at least 1, got -3"]),
        (["export", "--store", "x", "--from-position", "-2"], ["--from-position", "from 1 to", "'-2'"]),
        (["export", "--store", "x", "--from-position", "0"], ["--from-position", "from 1 to", "'0'"]),
        (["audit", "--store", "x", "--from-position", "0"], ["--from-position", "from 1 to", "'0'"]),
        (["state", "--store", "x", "--cluster", "a", "--at", "-5"], ["--at '-5'", "log position"]),
        (["replay", "x.json", "--scale", "-1"], ["--scale must be in (0, 100]"]),
    ])
    func aBadFlagOrValueIsOneLineNamingItAndExit64(arguments: [String], named: [String]) throws {
        let outcome = try OrchestratorProcess.run(arguments)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.hasPrefix("orchestrator: "))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        for name in named { #expect(outcome.stderr.contains(name), "\(outcome.stderr)") }
    }

    /// The writer, in another process, starts with a 256 KiB map and grows it past four times that; a
    /// reader opened here early follows each growth and sees at least every acknowledged append.
    @Test func aReaderFollowsTheMapAWriterInAnotherProcessGrows() throws {
        let store = folder.child("growing")
        let (writer, output) = try OrchestratorProcess.start([
            "append-load", "--store", store, "--appenders", "4", "--count", "100", "--batch", "20", "--initial-map-bytes", "262144",
        ])
        defer { kill(writer.processIdentifier, SIGKILL); writer.waitUntilExit() }
        var lines = LineReader(output)
        var reader: EventStore?
        var acknowledged: UInt64 = 0
        var checks = 0
        while let line = lines.next() {
            let fields = line.split(separator: " ")
            try #require(fields.count >= 3 && fields[0] == "ack", "\(line)")
            acknowledged = max(acknowledged, try #require(UInt64(fields[2])))
            let current = try reader ?? EventStore.open(at: store, mode: .readOnly, initialMapSize: 262_144)
            reader = current
            if acknowledged % 100 == 0 || checks == 0 {
                #expect(try current.lastPosition() >= acknowledged)
                checks += 1
            }
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        let size = try #require(FileManager.default.attributesOfItem(atPath: store + "/data.mdb")[.size] as? Int)
        #expect(size > 4 * 262_144, "the data file (never larger than the map) is \(size) bytes")
        #expect(try reader?.lastPosition() == 8000)
        #expect(try reader?.readAll(from: 7990, limit: 100).count == 11)
        #expect(checks > 10)
    }

    @Test func readersInOtherProcessesWorkWhileAWriterAppends() throws {
        let store = folder.child("busy")
        let (writer, output) = try OrchestratorProcess.start(["append-load", "--store", store, "--appenders", "8"])
        defer { kill(writer.processIdentifier, SIGKILL); writer.waitUntilExit() }
        var reader = LineReader(output)
        var acknowledged = 0
        // Each reader process runs while the writer keeps appending; each sees a consistent snapshot.
        for _ in 0..<3 {
            while acknowledged < 50 { _ = reader.next(); acknowledged += 1 }
            acknowledged = 0
            let verify = try OrchestratorProcess.run(["verify", "--store", store])
            #expect(verify.exitCode == 0, "\(verify.stderr)")
            let audit = try OrchestratorProcess.run(["audit", "--store", store, "--type", "LoadTick", "--limit", "10", "--format", "ndjson"])
            #expect(audit.stdout.split(separator: "\n").count == 10)
        }
        #expect(writer.isRunning)
    }
}
