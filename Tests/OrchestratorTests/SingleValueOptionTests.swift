import Foundation
import Testing

/// An option that takes one value, given twice, is a usage error naming it (the parser kept the
/// last one without a word); options meant to repeat still take several values.
@Suite("Single-value options given twice")
struct SingleValueOptionTests {
    let folder = ScratchFolder("once")

    func demoStore() throws -> String {
        let store = folder.child("store")
        try #require(OrchestratorProcess.run(["demo", "--store", store]).exitCode == 0)
        return store
    }

    /// Every leaf command's options that take one value, as the parser describes them
    /// (`--experimental-dump-help`): the command's path and the option's long spelling.
    static func singleValueOptions() throws -> [(command: [String], option: String)] {
        let dump = try OrchestratorProcess.run(["--experimental-dump-help"]).stdoutData
        let root = try #require((try JSONSerialization.jsonObject(with: dump) as? [String: Any])?["command"] as? [String: Any])
        var found: [(command: [String], option: String)] = []
        func walk(_ command: [String: Any], path: [String]) {
            let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            for subcommand in subcommands { walk(subcommand, path: path + [subcommand["commandName"] as! String]) }
            guard subcommands.isEmpty else { return }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" {
                guard argument["isRepeating"] as? Bool == false, let name = argument["preferredName"] as? [String: Any] else { continue }
                found.append((path, "--" + (name["name"] as! String)))
            }
        }
        walk(root, path: [])
        return found
    }

    @Test func everyOptionThatTakesOneValueGivenTwiceIsAUsageErrorNamingIt() throws {
        let options = try Self.singleValueOptions()
        let named = Set(options.map { ($0.command + [$0.option]).joined(separator: " ") })
        for expected in [
            "audit events --since", "audit events --until", "audit events --limit", "audit events --format",
            "audit events --from-position", "audit events --store", "audit timeline --upgrade", "audit timeline --format",
            "audit approvals --since", "state --cluster", "state --at", "export --from-position", "import --store",
            "replay --seed", "replay --store", "backup --to", "run --port", "classify --layer",
        ] {
            #expect(named.contains(expected), "\(expected) is not read as an option that takes one value")
        }
        for (command, option) in options {
            // The unknown flag stops the command at parsing should the repeat go unnoticed (no bench runs).
            let outcome = try OrchestratorProcess.run(command + [option, "1", option, "2", "--no-such-flag"])
            #expect(outcome.exitCode == 64, "\(command) \(option): \(outcome.stderr)")
            #expect(outcome.stderr == "orchestrator: \(option) given twice; give it once\n", "\(command) \(option)")
            #expect(outcome.stdout.isEmpty)
        }
    }

    @Test(arguments: [
        (["--since", "2026-01-01T00:00:00Z", "--since", "1h"], "--since given twice; give it once"),
        (["--since=2026-01-01T00:00:00Z", "--since", "1h"], "--since given twice; give it once"),
        (["--until", "1h", "--limit", "5", "--until=2h"], "--until given twice; give it once"),
        (["--limit", "5", "--format", "json", "--limit", "6", "--limit", "7"], "--limit given 3 times; give it once"),
        (["--format", "json", "--format", "ndjson"], "--format given twice; give it once"),
        (["--from-position", "1", "--from-position", "2"], "--from-position given twice; give it once"),
    ])
    func auditWithARepeatedOptionAnswersNothing(flags: [String], message: String) throws {
        let store = try demoStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store] + flags)
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr == "orchestrator: \(message)\n")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func aRepeatedStoreOrTargetCreatesNoFolder() throws {
        let store = try demoStore()
        let exported = try OrchestratorProcess.run(["export", "--store", store]).stdout
        let first = folder.child("first"), second = folder.child("second")
        let imported = try OrchestratorProcess.run(["import", "--store", first, "--store", second], stdin: exported)
        #expect(imported.exitCode == 64)
        #expect(imported.stderr == "orchestrator: --store given twice; give it once\n")
        let backup = try OrchestratorProcess.run(["backup", "--store", store, "--to", first, "--to", second])
        #expect(backup.exitCode == 64)
        #expect(backup.stderr == "orchestrator: --to given twice; give it once\n")
        #expect(!FileManager.default.fileExists(atPath: first) && !FileManager.default.fileExists(atPath: second))
    }

    @Test func optionsMeantToRepeatStillTakeSeveralValues() throws {
        let store = try demoStore()
        let outcome = try OrchestratorProcess.run([
            "audit", "--store", store, "--cluster", "a", "--cluster", "b", "--type", "UpgradeDone", "--type", "UpgradeFailed",
            "--actor", "alice", "--actor", "bob", "--upgrade", UUID().uuidString, "--upgrade", UUID().uuidString, "--format", "ndjson",
        ])
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        let approvals = try OrchestratorProcess.run(["audit", "approvals", "--store", store, "--cluster", "a", "--cluster", "b", "--actor", "x", "--actor", "y"])
        #expect(approvals.exitCode == 0, "\(approvals.stderr)")
    }

    /// `--since` takes the next argument whatever it looks like, so `--since --since` gives it
    /// once, with a value that is not a time.
    @Test func aValueSpelledLikeTheOptionIsItsValueNotASecondUse() throws {
        let store = try demoStore()
        let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--since", "--since"])
        #expect(outcome.exitCode == 64)
        #expect(outcome.stderr.hasPrefix("orchestrator: --since '--since' is not a time"), "\(outcome.stderr)")
    }

    @Test func helpWinsOverARepeatedOption() throws {
        let outcome = try OrchestratorProcess.run(["audit", "events", "--since", "1h", "--since", "2h", "--help"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.hasPrefix("OVERVIEW: "))
    }
}
