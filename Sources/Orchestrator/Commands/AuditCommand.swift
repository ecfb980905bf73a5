import ArgumentParser

/// `orchestrator audit`: questions to the event history. Without a subcommand it runs `events`
/// (the filtered query), so `orchestrator audit --store X --cluster Y` works as it always has.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Ask the event history: events by filter, one upgrade's timeline, repave approvals.",
        discussion: "Reads alongside a running `orchestrator run` without blocking it. Times: \(TimeText.acceptedForms).",
        subcommands: [AuditEventsCommand.self, AuditTimelineCommand.self, AuditApprovalsCommand.self],
        defaultSubcommand: AuditEventsCommand.self
    )
}
