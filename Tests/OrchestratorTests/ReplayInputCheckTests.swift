import Foundation
import Testing

/// What `replay` refuses before it simulates anything: one line on stderr, its exit code, no store,
/// no report; and what it escapes in the summary it prints.
@Suite("orchestrator replay checks its input first")
struct ReplayInputCheckTests {
    let folder = ScratchFolder("replay-input")

    /// The factory scenario with `edit` applied, written to the scratch folder as `name`.
    func scenario(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: ReplayCommandTests.scenarios + "/factory-k3s-config-change.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        edit(&object)
        let file = folder.child(name)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: file))
        return file
    }

    @Test func aLongClassNameIsRefusedWithItsJSONPathAndNoStoreIsWritten() throws {
        let file = try scenario("long-class.json") { object in
            var fleet = object["fleet"] as! [[String: Any]]
            fleet[0]["class"] = String(repeating: "x", count: 450)
            object["fleet"] = fleet
        }
        let store = folder.child("never"), report = folder.child("never.json")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store, "--report", report])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(file): $.fleet[0].class: the stream id of the class's last cluster, "
            + "cluster/<class>-01200, is 464 bytes long, longer than the 400 allowed\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    @Test func aStepTimeoutPastAHundredYearsIsRefusedWithItsJSONPathNotACrash() throws {
        let file = try scenario("long-timeout.json") { object in
            var policy = object["policy"] as! [String: Any]
            policy["stepTimeout"] = "99999999999999d"
            object["policy"] = policy
        }
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(file): $.policy.stepTimeout: '99999999999999d' is longer than the 36500d (100 years) a duration may be\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// The store dates events from 1970 to 9999, as `import` reads them back: a replay outside that
    /// would write a store whose export cannot be imported.
    @Test func aStartBefore1970IsRefusedWithItsJSONPathAndNoStoreIsWritten() throws {
        let file = try scenario("before-1970.json") { $0["start"] = "1960-01-01T00:00:00Z" }
        let store = folder.child("never"), report = folder.child("never.json")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store, "--report", report])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: \(file): $.start: '1960-01-01T00:00:00Z' is before 1970-01-01T00:00:00Z; "
            + "the store dates events from 1970 to 9999\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    /// `JSONSerialization` keeps one of the two; the replay refuses the file instead, naming the second.
    @Test func aKeyGivenTwiceIsRefusedWithItsJSONPathAndNoStoreIsWritten() throws {
        let file = try scenario("twice.json") { _ in }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(#""count":1200"#))
        try text.replacingOccurrences(of: #""count":1200"#, with: #""count":1200,"count":12"#)
            .write(toFile: file, atomically: true, encoding: .utf8)
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: \(file): $.fleet[0].count: given twice in one object; give each key once "
            + "(a JSON reader keeps only one of the two)\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// Ten million clusters of a thousand workers at `--scale 100` would be some 10^12 nodes: refused
    /// at once, where the replay used to fill memory until the process was killed.
    @Test func aReplayTooLargeForMemoryIsRefusedBeforeAnythingIsWritten() throws {
        let file = try scenario("huge.json") { object in
            var fleet = object["fleet"] as! [[String: Any]]
            fleet[0]["count"] = 10_000_000
            fleet[0]["workers"] = 1000
            object["fleet"] = fleet
        }
        let store = folder.child("never"), report = folder.child("never.json")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "100", "--store", store, "--report", report])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: \(file): $.fleet: the fleet is 1,003,000,000,000 nodes in 1,000,000,000 clusters at "
            + "--scale 100, some 1,409,200 GB of memory to replay, more than the 10.0 GB one replay may use; replay a sample with "
            + "--scale 0.0007 or less\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    /// Half an hour before the store's last instant, the hour-long outage of line-00003 ends past
    /// it: the replay stops there, exit 65, and removes the store it began (it used to write events
    /// dated in year 10000, which `import` cannot read back).
    @Test(arguments: [false, true])
    func aReplayThatRunsPastTheLastInstantStopsAndLeavesNoStore(folderExists: Bool) throws {
        let file = try scenario("late.json") { $0["start"] = "9999-12-31T23:30:00Z" }
        let store = folder.child(folderExists ? "empty" : "never"), report = folder.child("never.json")
        if folderExists { try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true) }
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store, "--report", report])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("orchestrator: \(file): $.start: the replay reaches +010000-01-01T"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(", after 9999-12-31T23:59:59.999Z, the last instant the store dates events at; give an earlier start\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        if folderExists {
            #expect(try FileManager.default.contentsOfDirectory(atPath: store).isEmpty)
        } else {
            #expect(!FileManager.default.fileExists(atPath: store))
        }
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    @Test func aScenarioNameWithControlCharactersIsEscapedInTheSummary() throws {
        let file = try scenario("escape.json") { $0["name"] = "tiny\u{1B}[31mRED\nfake: line" }
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01"])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == #"scenario:              tiny\u{1B}[31mRED\nfake: line"#)
        #expect(!outcome.stdout.contains("\u{1B}"))
        #expect(!lines.contains { $0.hasPrefix("fake:") })
    }

    @Test(arguments: ["--report", "--html"])
    func anEmptyOutputPathFailsBeforeTheReplay(flag: String) throws {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let store = folder.child("never")
        let outcome = try OrchestratorProcess.run([
            "replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store, flag, "",
        ])
        #expect(outcome.exitCode == 73)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: \(flag): the path is empty; give a file path\n")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test(arguments: ["same.out", "./same.out", "sub/../same.out"])
    func theReportAndThePageNamingOneFileIsAUsageError(html: String) throws {
        try FileManager.default.createDirectory(atPath: folder.child("sub"), withIntermediateDirectories: true)
        let store = folder.child("never"), report = folder.child("same.out")
        let outcome = try OrchestratorProcess.run([
            "replay", ReplayCommandTests.scenarios + "/factory-k3s-config-change.json", "--scale", "0.01", "--store", store,
            "--report", report, "--html", folder.child(html),
        ])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "orchestrator: --report and --html name the same file (\(report)); give each its own\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: report))
    }
}
