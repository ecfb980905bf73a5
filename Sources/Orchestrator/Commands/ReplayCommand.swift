import ArgumentParser

/// Not available yet: says so in one line and exits 69 (EX_UNAVAILABLE) instead of pretending to work.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Simulate a fleet rollout from a scenario file, deterministically. (Not available yet.)"
    )
    @Argument(help: ArgumentHelp("The scenario file.", valueName: "SCENARIO.json")) var scenario: String
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Store folder (default: a temporary one).", valueName: "DIR")) var store: String?

    func run() throws {
        throw CommandFailure(message: "replay: the simulator is not built yet (issue 4); \(scenario) was not read", exitCode: 69)
    }
}
