import ArgumentParser
import Foundation

/// The `orchestrator` command: the root that lists every subcommand.
@main
struct OrchestratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Upgrade orchestration for Kubernetes fleets, with every fact kept as an immutable event.",
        discussion: """
        Exit codes: 0 success, 1 a check failed (verify), 64 bad flag or value, 65 bad input data, \
        66 missing input or store, 70 internal error, 73 cannot create output, \
        74 I/O error or disk full, 75 the store is served by another run, 77 permission denied.
        """,
        subcommands: [
            RunCommand.self, ReplayCommand.self, ClassifyCommand.self, AuditCommand.self, StateCommand.self,
            ExportCommand.self, ImportCommand.self, BackupCommand.self, VerifyCommand.self, BenchCommand.self,
            DemoCommand.self, AppendLoadCommand.self,
        ]
    )

    /// Parses, runs, and turns every failure into one line on stderr and a documented exit code.
    static func main() async {
        do {
            try SingleValueOptions.refuseRepeats(in: Array(CommandLine.arguments.dropFirst()), of: Self.self)
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            if let failure = StandardOutput.finish() { throw failure }
        } catch {
            let (message, code) = Failure.describe(error, helpText: { fullMessage(for: error) }, exitCode: { exitCode(for: error).rawValue })
            if code == 0 {
                exit(withError: error)  // --help and --version print their text and succeed
            }
            Failure.printLine(message)
            Foundation.exit(code)
        }
    }
}
