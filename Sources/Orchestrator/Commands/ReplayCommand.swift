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
        """
    )

    @Argument(help: ArgumentHelp("The scenario file.", valueName: "SCENARIO.json")) var scenario: String
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Store folder, new or empty (default: a temporary one, removed afterwards).", valueName: "DIR")) var store: String?
    @Option(help: ArgumentHelp("Write the report with one row per cluster as JSON.", valueName: "FILE.json")) var report: String?
    @Option(help: ArgumentHelp("Write a self-contained HTML page with charts.", valueName: "FILE.html")) var html: String?
    @Option(help: "Multiply every class's cluster count (at least 1 each), e.g. 0.01 for a quick run.") var scale: Double = 1

    func validate() throws {
        if !(scale > 0 && scale <= 100) { throw ValidationError("--scale must be in (0, 100], got \(scale)") }
    }

    func run() throws {
        let parsed: Scenario
        do { parsed = try ScenarioParser.load(scenario) } catch { throw CommandFailure.dataError(error.description) }

        let folder = store ?? NSTemporaryDirectory() + "orchestrator-replay-\(getpid())"
        defer { if store == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let eventStore = try EventStore.open(at: folder, mode: .create)
        defer { eventStore.close() }
        guard try eventStore.lastPosition() == 0 else {
            throw CommandFailure.dataError("replay needs a new or empty store, and \(folder) already holds events")
        }

        let started = ContinuousClock.now
        let progress = ProgressBar(enabled: isatty(2) == 1)
        let result = try Simulation(scenario: parsed, seed: seed, store: eventStore, scale: scale).run(progress: progress.update)
        progress.finish()

        for line in result.summary { print(line) }
        if let store { print("store:                 \(store) (orchestrator audit --store \(store) …)") }
        if let report { try write(result.json + "\n", to: report) }
        if let html { try write(ReplayPage.render(result), to: html) }
        let wall = ContinuousClock.now - started
        printToStderr("replay: wall time \(wall.components.seconds).\(String(format: "%03d", wall.components.attoseconds / 1_000_000_000_000_000))s")
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure.cannotCreate("cannot write \(path): \(error.localizedDescription)")
        }
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
