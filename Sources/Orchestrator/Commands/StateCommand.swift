import ArgumentParser

/// Not available yet: says so in one line and exits 69 (EX_UNAVAILABLE) instead of pretending to work.
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
