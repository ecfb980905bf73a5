import Foundation
import Testing
@testable import UpgradeDomain

/// An upgrade id names one upgrade of a deployment (its events' correlation id derives from it),
/// so a later change that reuses it is refused instead of being merged into the earlier upgrade.
@Suite("Template upgrade ids")
struct TemplateUpgradeIdTests {
    typealias F = TemplateFixtures

    /// CHG-42 to 1-0-15 started at minute 10 and failed at its deadline, at minute 40.
    func failedCHG42() throws -> TemplateHarness {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", version: "v1.32.5", variables: F.euVariables))
        harness.send(.tick(now: F.at(minutes: 40)))
        #expect(harness.state.status.label == "Upgrade failed")
        return harness
    }

    func fixForward(id: String) -> TemplateUpgradeCommand {
        var variables = F.euVariables.objectValue ?? [:]
        variables["worker"] = .object(["instanceType": .string("m6i.2xlarge")])
        return F.upgradeTemplate("aws-standalone-cp-1-0-15", id: id, version: "v1.32.5", minutes: 50, variables: .object(variables))
    }

    @Test("given a failed upgrade CHG-42, when the fix-forward reuses CHG-42, then it is refused naming the id")
    func reusedIdRefused() throws {
        var harness = try failedCHG42()
        let before = harness.state
        let events = harness.send(fixForward(id: "CHG-42"))
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .upgradeIdReused(upgradeId: "CHG-42", earlierTarget: "aws-standalone-cp-1-0-15"),
            upgradeId: "CHG-42", at: F.at(minutes: 50))])
        #expect(harness.state == before)
        guard case .commandRefused(let refusal) = events.first else { return }
        #expect(refusal.message.contains("upgrade id CHG-42 was already used"))
    }

    @Test("given a failed upgrade CHG-42, when the fix-forward has its own id, then it starts")
    func newIdStarts() throws {
        var harness = try failedCHG42()
        let events = harness.send(fixForward(id: "CHG-43"))
        guard case .upgradeStarted(let start) = events.first else {
            Issue.record("expected a start, got \(events)")
            return
        }
        #expect(start.upgradeId == "CHG-43")
        #expect(harness.state.status.label == "Upgrade in Progress")
    }

    @Test("an id used by any earlier upgrade stays taken, not only the latest one's")
    func everyEarlierIdStaysTaken() throws {
        var harness = try failedCHG42()
        harness.send(fixForward(id: "CHG-43"))
        harness.send(.tick(now: F.at(minutes: 90)))
        var variables = F.euVariables.objectValue ?? [:]
        variables["region"] = .string("eu-west-2")
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", minutes: 100, variables: .object(variables)))
        #expect(events.count == 1)
        guard case .commandRefused(let refusal) = events.first else {
            Issue.record("expected a refusal, got \(events)")
            return
        }
        #expect(refusal.reason == .upgradeIdReused(upgradeId: "CHG-42", earlierTarget: "aws-standalone-cp-1-0-15"))
    }

    @Test("sending the running change again, same id, is still an idempotent repeat")
    func repeatOfTheRunningChange() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        let change = F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", version: "v1.32.5", variables: F.euVariables)
        harness.send(change)
        #expect(harness.send(change) == [])
    }

    @Test("given CHG-42 rolling out, when the same change comes under CHG-43, then it is refused naming CHG-42 and starts nothing")
    func sameChangeUnderAnotherIdWhileRunningRefused() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-42", version: "v1.32.5", variables: F.euVariables))
        let before = harness.state
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-43", version: "v1.32.5", minutes: 12, variables: F.euVariables))
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .upgradeInProgress(upgradeId: "CHG-42", target: "aws-standalone-cp-1-0-15", sameChange: true),
            upgradeId: "CHG-43", at: F.at(minutes: 12))])
        #expect(harness.state == before)
        guard case .commandRefused(let refusal) = events.first else { return }
        #expect(refusal.message.contains(
            "upgrade CHG-42 is already rolling out template aws-standalone-cp-1-0-15 with these variables; upgradeId CHG-43 was not started"),
            "\(refusal.message)")
        // CHG-43 names nothing yet: once CHG-42 has failed, the same change under CHG-43 is its retry.
        harness.send(.tick(now: F.at(minutes: 40)))
        #expect(harness.state.status.label == "Upgrade failed")
        let retry = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", id: "CHG-43", version: "v1.32.5", minutes: 50, variables: F.euVariables))
        guard case .upgradeStarted(let start) = retry.first else {
            Issue.record("expected a start, got \(retry)")
            return
        }
        #expect(start.upgradeId == "CHG-43")
    }

    @Test("a refusal recorded before sameChange was kept reads as before, and the new field is one an older reader skips")
    func inProgressReasonStoredForms() throws {
        let old = #"{"upgradeInProgress":{"target":"t-15","upgradeId":"CHG-42"}}"#
        let decoded = try JSONDecoder().decode(TemplateUpgradeRefusal.Reason.self, from: Data(old.utf8))
        #expect(decoded == .upgradeInProgress(upgradeId: "CHG-42", target: "t-15"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let other = String(decoding: try encoder.encode(TemplateUpgradeRefusal.Reason.upgradeInProgress(upgradeId: "CHG-42", target: "t-15")), as: UTF8.self)
        #expect(other == old)
        let same = try encoder.encode(TemplateUpgradeRefusal.Reason.upgradeInProgress(upgradeId: "CHG-42", target: "t-15", sameChange: true))
        #expect(String(decoding: same, as: UTF8.self) == #"{"upgradeInProgress":{"sameChange":true,"target":"t-15","upgradeId":"CHG-42"}}"#)
        // The reason as a build before `sameChange` declared it.
        enum OlderReason: Decodable, Equatable { case upgradeInProgress(upgradeId: String, target: String) }
        #expect(try JSONDecoder().decode(OlderReason.self, from: same) == .upgradeInProgress(upgradeId: "CHG-42", target: "t-15"))
    }
}
