import ArgumentParser

/// Not available yet: says so in one line and exits 69 (EX_UNAVAILABLE) instead of pretending to work.
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
