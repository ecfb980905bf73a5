import Foundation
import Service
import Testing

/// `--help` everywhere: every command answers it, and what it says matches what the command reads.
@Suite("Help")
struct HelpTests {
    @Test(arguments: [
        [], ["run"], ["replay"], ["classify"], ["audit"], ["audit", "events"], ["audit", "timeline"], ["audit", "approvals"],
        ["state"], ["export"], ["import"], ["backup"], ["verify"], ["bench"], ["bench", "store"], ["bench", "serve"], ["bench", "replay"], ["bench", "watch"],
    ])
    func everyCommandAnswersHelpWithItsUsage(command: [String]) throws {
        let outcome = try OrchestratorProcess.run(command + ["--help"])
        #expect(outcome.exitCode == 0)
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.hasPrefix("OVERVIEW: "))
        #expect(outcome.stdout.contains((["USAGE: orchestrator"] + command).joined(separator: " ")), "\(outcome.stdout)")
    }

    /// Each variable changes the configuration `run` starts with, and `run --help` names it.
    @Test func runsHelpNamesEveryEnvironmentVariableTheServiceReads() throws {
        let base = ServiceConfiguration()
        let settings: [(key: String, value: String, changes: (ServiceConfiguration) -> Bool)] = [
            ("ORCHESTRATOR_HOST", "0.0.0.0", { $0.host != base.host }),
            ("ORCHESTRATOR_PORT", "9999", { $0.port != base.port }),
            ("ORCHESTRATOR_BODY_LIMIT_BYTES", "1234", { $0.bodyLimitBytes != base.bodyLimitBytes }),
            ("ORCHESTRATOR_TICK_INTERVAL_MS", "77", { $0.tickIntervalMs != base.tickIntervalMs }),
        ]
        let help = try OrchestratorProcess.run(["run", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
        for setting in settings {
            #expect(setting.changes(try base.overridden(by: [setting.key: setting.value])), "\(setting.key)")
            #expect(help.contains(setting.key), "run --help does not name \(setting.key)")
        }
        let tls = try base.overridden(by: ["ORCHESTRATOR_TLS_CERTIFICATE": "c.pem", "ORCHESTRATOR_TLS_PRIVATE_KEY": "k.pem"])
        #expect(tls.tls != nil)
        #expect(help.contains("ORCHESTRATOR_TLS_CERTIFICATE") && help.contains("ORCHESTRATOR_TLS_PRIVATE_KEY"))
    }
}
