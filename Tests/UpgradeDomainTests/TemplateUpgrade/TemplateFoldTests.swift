import Foundation
import Testing
@testable import UpgradeDomain

@Suite("Folding events")
struct TemplateFoldTests {
    typealias F = TemplateFixtures

    static let scenarios: [(deployment: TemplateDeployment, baseline: String, rollout: String, target: String, version: String)] = [
        (F.eu, "v1beta2-baseline.jsonl", "v1beta2-rollout-success.jsonl", "aws-standalone-cp-1-0-15", "v1.32.5"),
        (F.eu, "v1beta2-baseline.jsonl", "v1beta2-rollout-failed.jsonl", "aws-standalone-cp-1-0-15", "v1.32.5"),
        (F.us, "v1beta1-baseline.jsonl", "v1beta1-rollout-success.jsonl", "aws-standalone-cp-1-0-13", "v1.32.4+k0s.0"),
        (F.us, "v1beta1-baseline.jsonl", "v1beta1-rollout-failed.jsonl", "aws-standalone-cp-1-0-13", "v1.32.4+k0s.0"),
    ]

    func run(_ index: Int) throws -> TemplateHarness {
        let scenario = Self.scenarios[index]
        var harness = try F.baselined(scenario.deployment, baseline: scenario.baseline)
        harness.send(F.upgradeTemplate(scenario.target, version: scenario.version, variables: scenario.deployment.variables))
        harness.observe(try F.stream(scenario.rollout), from: F.at(minutes: 11))
        harness.send(.tick(now: F.at(minutes: 120)))
        return harness
    }

    @Test("folding the same events twice gives equal states, equal to the live state", arguments: 0..<4)
    func foldIsDeterministic(index: Int) throws {
        let harness = try run(index)
        let once = TemplateUpgradeDecider.fold(harness.log)
        let twice = TemplateUpgradeDecider.fold(harness.log)
        #expect(once == twice)
        #expect(once == harness.state)
        #expect(once.status.label != "Not upgrading")
    }

    @Test("refusals fold to no change at all")
    func refusalsChangeNothing() throws {
        let harness = try run(0)
        let refusal = TemplateUpgradeDecider.refused("changeDeployment", .notRegistered, at: F.t0)
        #expect(TemplateUpgradeDecider.evolve(harness.state, refusal) == harness.state)
    }

    @Test("events for another upgrade id leave the state unchanged")
    func foreignUpgradeIgnored() throws {
        let harness = try run(0)
        let foreign = TemplateUpgradeEvent.upgradeFailed(TemplateUpgradeFailure(
            upgradeId: "other", objectKind: "Cluster", objectName: "x", cause: .failureReason,
            reason: "r", message: "m", at: F.t0))
        #expect(TemplateUpgradeDecider.evolve(harness.state, foreign) == harness.state)
    }

    @Test("the next upgrade after a success starts from the new template")
    func nextUpgrade() throws {
        var harness = try run(0)
        #expect(harness.state.status.label == "Upgrade successful")
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-14", id: "upg-2", minutes: 130, variables: F.euVariables))
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .templateNotInUpgradePaths(current: "aws-standalone-cp-1-0-15", target: "aws-standalone-cp-1-0-14"),
            upgradeId: "upg-2", at: F.at(minutes: 130))])
    }
}

@Suite("Events survive a JSON round trip")
struct TemplateEventCodingTests {
    @Test("a whole upgrade log encodes and decodes to equal events", arguments: 0..<4)
    func roundTrip(index: Int) throws {
        let log = try TemplateFoldTests().run(index).log
        let data = try JSONEncoder().encode(log)
        let decoded = try JSONDecoder().decode([TemplateUpgradeEvent].self, from: data)
        #expect(decoded == log)
        #expect(TemplateUpgradeDecider.fold(decoded) == TemplateUpgradeDecider.fold(log))
    }
}
