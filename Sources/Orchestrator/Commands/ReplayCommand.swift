import ArgumentParser
import EventStore
import Foundation
import Simulator

/// `orchestrator replay SCENARIO.json`: a deterministic what-if simulation of a whole fleet on the
/// real deciders, recorded into a real store.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Simulate a fleet rollout from a scenario file, deterministically, on the real engine.",
        discussion: """
        The same scenario and seed give a byte-identical event log (orchestrator export) and report. \
        Wall-clock time goes to stderr only. Scenario format: docs/scenarios.md.

        With --from-store DIR --policy FILE it re-runs a recorded history (the same clusters, profile \
        changes, step durations and outcomes, approval waits and outages) under another policy and \
        prints how it would have gone, beside what was recorded.
        """
    )

    @Argument(help: ArgumentHelp("The scenario file.", valueName: "SCENARIO.json")) var scenario: String?
    @Option(name: .customLong("from-store"), help: ArgumentHelp("Re-run the history recorded in this store instead of a scenario.", valueName: "DIR")) var fromStore: String?
    @Option(help: ArgumentHelp("With --from-store: the policy to try (a scenario's policy object, plus maxUnavailable/maxSurge for worker pools).", valueName: "FILE.json")) var policy: String?
    @Option(parsing: .unconditional, help: "Random seed, 0 to 18446744073709551615.", transform: WholeNumber.parser(from: 0)) var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Store folder, new or empty (default: a temporary one, removed afterwards).", valueName: "DIR")) var store: String?
    @Option(help: ArgumentHelp("Write the report with one row per cluster as JSON.", valueName: "FILE.json")) var report: String?
    @Option(help: ArgumentHelp("Write a self-contained HTML page with charts.", valueName: "FILE.html")) var html: String?
    @Option(parsing: .unconditional, help: "Multiply every class's cluster count (at least 1 each), e.g. 0.01 for a quick run. A replay's fleet may need at most 10 GB (500,000 edge clusters of 10 nodes; docs/scenarios.md).") var scale: Double = 1

    func validate() throws {
        if !(scale > 0 && scale <= 100) { throw ValidationError("--scale must be in (0, 100], got \(scale)") }
        if store?.isEmpty == true { throw ValidationError("--store is empty; give a new or empty folder, or leave it out") }
        if fromStore?.isEmpty == true { throw ValidationError("--from-store is empty; give the recorded store's folder") }
        switch (scenario, fromStore, policy) {
        case (.some, nil, nil), (nil, .some, .some): break
        case (nil, nil, _): throw ValidationError("give a SCENARIO.json, or --from-store DIR with --policy FILE")
        case (.some, .some, _): throw ValidationError("give either a SCENARIO.json or --from-store, not both")
        case (_, nil, .some): throw ValidationError("--policy goes with --from-store")
        case (nil, .some, nil): throw ValidationError("--from-store needs --policy FILE, the policy to try")
        }
        if fromStore != nil && scale != 1 { throw ValidationError("--scale applies to scenarios, not to --from-store") }
        if let report, let html, !report.isEmpty, Self.sameFile(report, html) {
            throw ValidationError("--report and --html name the same file (\(report)); give each its own")
        }
    }

    /// Whether two output paths name one file: the same path once `.`, `..` and links are resolved,
    /// or (when it exists) the same file by device and inode, as a hard link would be.
    static func sameFile(_ one: String, _ other: String) -> Bool {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if resolved(one) == resolved(other) { return true }
        var first = stat(), second = stat()
        guard stat(one, &first) == 0, stat(other, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    func run() throws {
        try checkOutputs()
        if let fromStore, let policy { return try counterfactual(fromStore: fromStore, policyFile: policy) }
        let parsed: Scenario
        do { parsed = try ScenarioParser.load(scenario ?? "") } catch { throw Self.failure(error) }
        do { try ReplaySize.check(parsed, scale: scale) } catch {
            var located = error
            located.file = scenario
            throw Self.failure(located)
        }

        let folder = store ?? NSTemporaryDirectory() + "orchestrator-replay-\(getpid())"
        defer { if store == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let folderExisted = FileManager.default.fileExists(atPath: folder)
        let eventStore = try EventStore.open(at: folder, mode: .create)
        defer { eventStore.close() }
        guard try eventStore.lastPosition() == 0 else {
            throw CommandFailure.dataError("replay needs a new or empty store, and \(folder) already holds events")
        }

        let started = ContinuousClock.now
        let progress = ProgressBar(enabled: isatty(2) == 1)
        let result: SimulationReport
        do {
            result = try Simulation(scenario: parsed, seed: seed, store: eventStore, scale: scale).run(progress: progress.update)
        } catch let past as EventPastLastInstant {
            progress.finish()
            eventStore.close()
            Self.removeStore(in: folder, folderExisted: folderExisted)
            throw CommandFailure.dataError("\(scenario ?? ""): $.start: \(past); give an earlier start")
        }
        progress.finish()

        for line in result.summary { print(TerminalText.safe(line)) }
        if let store { print(TerminalText.safe("store:                 \(store) (orchestrator audit --store \(store) …)")) }
        try reportFile?.write(result.json + "\n")
        try htmlFile?.write(ReplayPage.render(result))
        let wall = ContinuousClock.now - started
        printToStderr("replay: wall time \(wall.components.seconds).\(String(format: "%03d", wall.components.attoseconds / 1_000_000_000_000_000))s")
    }

    /// Re-runs a recorded history under another policy and prints both.
    private func counterfactual(fromStore: String, policyFile: String) throws {
        let recordedStore = try EventStore.open(at: fromStore, mode: .readOnly)
        let history = try RecordedHistory.load(from: recordedStore)
        guard !history.clusters.isEmpty else { throw CommandFailure.dataError("\(fromStore) records no edge clusters to re-run") }
        let (tried, budgets): (RolloutPolicy, BudgetOverride?)
        do { (tried, budgets) = try PolicyFile.load(policyFile, start: history.startMs) } catch { throw Self.failure(error) }

        let folder = store ?? NSTemporaryDirectory() + "orchestrator-counterfactual-\(getpid())"
        defer { if store == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let folderExisted = FileManager.default.fileExists(atPath: folder)
        let eventStore = try EventStore.open(at: folder, mode: .create)
        defer { eventStore.close() }
        guard try eventStore.lastPosition() == 0 else {
            throw CommandFailure.dataError("replay needs a new or empty store, and \(folder) already holds events")
        }
        let result: SimulationReport
        do {
            result = try Simulation(history: history, policy: tried, budgetOverride: budgets, seed: seed, store: eventStore).run()
        } catch let past as EventPastLastInstant {
            eventStore.close()
            Self.removeStore(in: folder, folderExisted: folderExisted)
            throw CommandFailure.dataError("\(policyFile): under this policy \(past)")
        }
        for line in CounterfactualSummary.lines(recorded: history, rerun: result, policyFile: policyFile) { print(TerminalText.safe(line)) }
        for line in result.summary.dropFirst() { print(TerminalText.safe(line)) }
        if let store { print(TerminalText.safe("store:                 \(store) (orchestrator audit --store \(store) …)")) }
        try reportFile?.write(result.json + "\n")
        try htmlFile?.write(ReplayPage.render(result))
    }

    private var reportFile: OutputFile? { report.map { OutputFile(flag: "--report", path: $0) } }
    private var htmlFile: OutputFile? { html.map { OutputFile(flag: "--html", path: $0) } }

    /// Every output path checked before the store is opened or anything simulated: a path that
    /// cannot be written fails at once, and nothing is written.
    private func checkOutputs() throws {
        for file in [reportFile, htmlFile].compactMap({ $0 }) { try file.check() }
    }

    /// Removes the unfinished store a replay stopped in: its LMDB files, and the folder when the
    /// replay made it. A folder that was empty, or held an empty store, is left empty.
    private static func removeStore(in folder: String, folderExisted: Bool) {
        guard folderExisted else {
            try? FileManager.default.removeItem(atPath: folder)
            return
        }
        for file in ["data.mdb", "lock.mdb"] { try? FileManager.default.removeItem(atPath: folder + "/" + file) }
    }

    /// A scenario or policy file that cannot be read is missing input (66); bad contents are bad data (65).
    private static func failure(_ error: ScenarioError) -> CommandFailure {
        error.fileProblem == nil ? .dataError(error.description) : .noInput(error.description)
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
struct ProgressBar {
    let enabled: Bool

    func update(_ fraction: Double) {
        guard enabled else { return }
        let width = 40
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
