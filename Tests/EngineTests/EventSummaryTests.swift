import Engine
import Testing
import UpgradeDomain

/// The audit table's WHAT column: one line naming what each upgrade event records.
@Suite("What an event records, in one line")
struct EventSummaryTests {
    static let at = Timestamp(millisecondsSinceEpoch: 1_795_000_000_000)

    @Test func nodeStepsNameTheNodeTheStepAndTheTry() {
        let failure = NodeStepFailure(upgrade: 2, node: "w-1", step: .drain, attempt: 2, error: .reported("pods would not leave"),
                                      idempotencyKey: "k", willRetry: true, at: Self.at)
        #expect(EventSummary.line(for: .nodeStepFailed(failure)) == "w-1 drain failed, try 2: reported: pods would not leave; retried")
        let success = NodeStepSuccess(upgrade: 2, node: "w-1", step: .reboot, attempt: 1, idempotencyKey: "k", at: Self.at)
        #expect(EventSummary.line(for: .nodeStepSucceeded(success)) == "w-1 reboot succeeded")
        #expect(EventSummary.line(for: .nodeFinished(upgrade: 2, node: "w-1", at: Self.at)) == "w-1 done")
        let timeout = NodeStepFailure(upgrade: 2, node: "w-1", step: .cordon, attempt: 1, error: .timedOut(deadline: Self.at),
                                      idempotencyKey: nil, willRetry: false, at: Self.at)
        #expect(EventSummary.line(for: .nodeStepFailed(timeout)) == "w-1 cordon failed, try 1: no report by the deadline")
    }

    @Test func decisionsNameWhoDecidedAndRefusalsWhy() {
        let approval = ApprovalDecision(actor: "alice", comment: "window agreed", at: Self.at)
        #expect(EventSummary.line(for: .repaveApproved(approval)) == "by alice: window agreed")
        let refusal = CommandRefusal(command: "changeProfile", reason: .kubernetesDowngrade(from: "1.31.2", to: "1.30.6"), at: Self.at)
        #expect(EventSummary.line(for: .commandRefused(refusal)) == "changeProfile refused: Kubernetes 1.31.2 → 1.30.6 is a downgrade")
        let change = ProfileChange(target: ProfileReference(name: "retail", version: "2.0.0"), behavior: .repave, requestedBy: "olga")
        #expect(EventSummary.line(for: .profileChangeQueued(change, at: Self.at)) == "queued: repave to retail 2.0.0")
    }

    @Test func aForcedMinorSkipNamesTheVersionsWhoForcedItAndWhy() {
        let change = ProfileChange(target: ProfileReference(name: "retail", version: "2.0.0"), behavior: .serviceRestart, requestedBy: "olga")
        let plan = UpgradePlan(behavior: .serviceRestart, nodes: [], limits: [], servicesToRestart: [], notes: [])
        let plain = AcceptedUpgrade(upgrade: 3, change: change, plan: plan, forcedMinorSkip: nil, at: Self.at)
        #expect(EventSummary.line(for: .profileChangeAccepted(plain)) == "upgrade #3: service-restart to retail 2.0.0, 0 nodes")
        var forced = plain
        forced.forcedMinorSkip = ForcedMinorSkip(from: "v1.30.4", to: "v1.32.1", override: MinorSkipOverride(actor: "olga", reason: "vendor signed off"))
        #expect(EventSummary.line(for: .profileChangeAccepted(forced))
            == "upgrade #3: service-restart to retail 2.0.0, 0 nodes; skips a minor (v1.30.4 → v1.32.1), forced by olga: vendor signed off")
    }

    @Test func templateEventsNameTheirObjectsAndProgress() {
        let progress = TemplateUpgradeProgress(upgradeId: "c/1", machinesUpdated: 3, machinesTotal: 4, advanced: true,
                                               at: TemplateInstant(millisecondsSinceEpoch: 1))
        #expect(EventSummary.line(for: .upgradeProgressed(progress)) == "upgrade c/1: 3 of 4 machines")
        #expect(EventSummary.line(for: .upgradePathsDeclared(nil, at: TemplateInstant(millisecondsSinceEpoch: 1))) == "any upgrade path")
    }
}
