import ArgumentParser

/// Commands whose issues have not landed yet. Each says so in one line and exits 69
/// (EX_UNAVAILABLE) instead of pretending to work.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the engine as a service: HTTP API, node agents, Cluster API status ingestion. (Not available yet.)"
    )
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "TCP port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: ArgumentHelp("Configuration file.", valueName: "FILE")) var config: String?

    func run() throws {
        throw CommandFailure(message: "run: the HTTP service is not built yet (issue 5); the store at \(storeOptions.store) was not touched", exitCode: 69)
    }
}

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

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show a cluster as it stood at a time or position. (Not available yet.)"
    )
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Cluster id.") var cluster: String
    @Option(help: ArgumentHelp("RFC 3339 time, relative time (2h) or log position.", valueName: "TIME|POSITION")) var at: String?

    func run() throws {
        throw CommandFailure(message: "state: folding cluster state needs the upgrade domain in the service (issues 3 and 6)", exitCode: 69)
    }
}
