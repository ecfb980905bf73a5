import Testing
@testable import UpgradeDomain

@Suite("Starting template upgrades")
struct TemplateUpgradeStartTests {
    typealias F = TemplateFixtures
    let deployment = TemplateDeployment(
        clusterId: "c-1", clusterName: "prod-eu", targetInfrastructure: "aws",
        template: "aws-standalone-cp-1-0-14", variables: F.euVariables, upgradePaths: F.chain)

    func change(_ template: String, _ variables: TemplateValue, id: String = "upg-1") -> TemplateDeploymentChange {
        TemplateDeploymentChange(upgradeId: id, template: template, variables: variables, at: F.at(minutes: 5))
    }

    @Test("register on the initial state records the deployment")
    func registerRecords() {
        let events = TemplateUpgradeDecider.decide(.register(deployment, at: F.t0), .initial)
        #expect(events == [.deploymentRegistered(deployment, at: F.t0)])
        #expect(TemplateUpgradeDecider.fold(events).status == .notUpgrading)
        #expect(TemplateUpgradeDecider.fold(events).status.label == "Not upgrading")
    }

    @Test("registering the same deployment again emits nothing; a different one is refused")
    func registerTwice() {
        let state = TemplateUpgradeDecider.fold(F.watched(deployment))
        #expect(TemplateUpgradeDecider.decide(.register(deployment, at: F.t0), state) == [])
        var other = deployment
        other.clusterId = "c-2"
        let events = TemplateUpgradeDecider.decide(.register(other, at: F.t0), state)
        #expect(events == [TemplateUpgradeDecider.refused("register", .alreadyRegistered, at: F.t0)])
    }

    @Test("given a registered deployment, when the template name changes, then an upgrade starts")
    func templateChangeStarts() {
        let state = TemplateUpgradeDecider.fold(F.watched(deployment))
        let request = change("aws-standalone-cp-1-0-15", F.euVariables)
        let events = TemplateUpgradeDecider.decide(.changeDeployment(request), state)
        let start = TemplateUpgradeStart(
            upgradeId: "upg-1", fromTemplate: "aws-standalone-cp-1-0-14", toTemplate: "aws-standalone-cp-1-0-15",
            fromVariables: F.euVariables, toVariables: F.euVariables, targetKubernetesVersion: nil,
            baselineMachineUIDs: [], baselineOwnerGenerations: [:], at: F.at(minutes: 5))
        #expect(events == [.upgradeStarted(start)])
        #expect(start.templateChanged && !start.variablesChanged)
        let after = TemplateUpgradeDecider.fold(events, from: state)
        #expect(after.status.label == "Upgrade in Progress")
        #expect(after.deployment?.template == "aws-standalone-cp-1-0-15")
    }

    @Test("given a registered deployment, when only the variables change, then an upgrade starts the same way")
    func variablesChangeStarts() throws {
        let state = TemplateUpgradeDecider.fold(F.watched(deployment))
        var members = try #require(F.euVariables.objectValue)
        members["worker"] = .object(["instanceType": .string("m6i.xlarge"), "rootVolumeSize": .integer(32)])
        let request = change("aws-standalone-cp-1-0-14", .object(members))
        let events = TemplateUpgradeDecider.decide(.changeDeployment(request), state)
        guard case .upgradeStarted(let start) = try #require(events.first) else {
            Issue.record("expected upgradeStarted, got \(events)")
            return
        }
        #expect(events.count == 1)
        #expect(!start.templateChanged && start.variablesChanged)
        #expect(TemplateUpgradeDecider.fold(events, from: state).status.label == "Upgrade in Progress")
        #expect(TemplateUpgradeDecider.fold(events, from: state).deployment?.variables == .object(members))
    }

    @Test("the same template and structurally equal variables (other key order) emit nothing")
    func sameChangeIsIdempotent() throws {
        let state = TemplateUpgradeDecider.fold(F.watched(deployment))
        let reordered = try CAPIWatchEventParser.decodeJSON(
            #"{"worker":{"rootVolumeSize":32,"instanceType":"m6i.large"},"workersNumber":2,"controlPlaneNumber":1,"region":"eu-west-1"}"#)
        #expect(TemplateUpgradeDecider.decide(.changeDeployment(change("aws-standalone-cp-1-0-14", reordered)), state) == [])
    }

    @Test("a target outside the declared upgrade path is refused with the reason and nothing else changes")
    func outsidePathRefused() {
        let state = TemplateUpgradeDecider.fold(F.watched(deployment))
        let request = change("aws-standalone-cp-1-1-0", F.euVariables)
        let events = TemplateUpgradeDecider.decide(.changeDeployment(request), state)
        let refusal = TemplateUpgradeRefusal(
            command: "changeDeployment", upgradeId: "upg-1",
            reason: .outsideUpgradePath(current: "aws-standalone-cp-1-0-14", target: "aws-standalone-cp-1-1-0",
                                        allowed: ["aws-standalone-cp-1-0-15"]),
            at: F.at(minutes: 5))
        #expect(events == [.commandRefused(refusal)])
        #expect(refusal.message.contains("aws-standalone-cp-1-1-0 is not an available upgrade of aws-standalone-cp-1-0-14"))
        #expect(TemplateUpgradeDecider.fold(events, from: state) == state)
    }

    @Test("a current template missing from the declared paths refuses any template move")
    func templateNotInChain() {
        var unknown = deployment
        unknown.template = "custom-template-1"
        let state = TemplateUpgradeDecider.fold(F.watched(unknown))
        let events = TemplateUpgradeDecider.decide(.changeDeployment(change("aws-standalone-cp-1-0-15", F.euVariables)), state)
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .templateNotInUpgradePaths(current: "custom-template-1", target: "aws-standalone-cp-1-0-15"),
            upgradeId: "upg-1", at: F.at(minutes: 5))])
    }

    @Test("without declared paths any target is allowed")
    func noPathsAllowAll() {
        var open = deployment
        open.upgradePaths = nil
        let state = TemplateUpgradeDecider.fold(F.watched(open))
        let events = TemplateUpgradeDecider.decide(.changeDeployment(change("anything-2", F.euVariables)), state)
        #expect(events.count == 1)
        if case .upgradeStarted = events[0] {} else { Issue.record("expected start, got \(events)") }
    }

    @Test("a change while an upgrade is in progress is refused, not queued")
    func changeDuringUpgradeRefused() {
        var harness = TemplateHarness(given: F.watched(deployment))
        harness.send(.changeDeployment(change("aws-standalone-cp-1-0-15", F.euVariables)))
        let before = harness.state
        let events = harness.send(.changeDeployment(change("aws-standalone-cp-1-0-15", .emptyObject, id: "upg-2")))
        #expect(events == [TemplateUpgradeDecider.refused(
            "changeDeployment", .upgradeInProgress(upgradeId: "upg-1", target: "aws-standalone-cp-1-0-15"),
            upgradeId: "upg-2", at: F.at(minutes: 5))])
        #expect(harness.state == before)
    }

    @Test("a change before registration is refused")
    func changeBeforeRegistration() {
        let events = TemplateUpgradeDecider.decide(.changeDeployment(change("x", .null)), .initial)
        #expect(events == [TemplateUpgradeDecider.refused("changeDeployment", .notRegistered, upgradeId: "upg-1", at: F.at(minutes: 5))])
    }

    @Test("declaring new upgrade paths replaces the old ones and then governs changes")
    func declarePaths() {
        var harness = TemplateHarness(given: F.watched(deployment))
        let paths = [TemplateUpgradePath(template: "aws-standalone-cp-1-0-14", availableUpgrades: ["aws-standalone-cp-1-1-0"])]
        #expect(harness.send(.declareUpgradePaths(paths, at: F.t0)) == [.upgradePathsDeclared(paths, at: F.t0)])
        #expect(harness.send(.declareUpgradePaths(paths, at: F.t0)) == [])
        let events = harness.send(.changeDeployment(change("aws-standalone-cp-1-1-0", F.euVariables)))
        #expect(events.count == 1)
    }

    @Test("a single-replica control plane is warned about at start")
    func singleNodeWarning() {
        var single = deployment
        single.controlPlaneReplicas = 1
        let state = TemplateUpgradeDecider.fold(F.watched(single))
        let events = TemplateUpgradeDecider.decide(.changeDeployment(change("aws-standalone-cp-1-0-15", F.euVariables)), state)
        #expect(events.count == 2)
        guard case .upgradeWarned(let warning) = events.last else {
            Issue.record("expected a warning, got \(events)")
            return
        }
        #expect(warning.kind == .singleNodeControlPlane)
        #expect(warning.message.contains("etcd can lose quorum"))
        #expect(TemplateUpgradeDecider.fold(events, from: state).upgrade?.warnings == [warning])
    }

    static let warningCases: [(declared: Int?, observed: Int?, warning: String?)] = [
        (1, nil, "the deployment declares 1 control plane replica: etcd can lose quorum"),
        (1, 3, nil),
        (3, 1, "KubeadmControlPlane kcm-system/small-cp has 1 replica: etcd can lose quorum"),
        (nil, 1, "KubeadmControlPlane kcm-system/small-cp has 1 replica: etcd can lose quorum"),
        (3, 3, nil),
    ]

    @Test("the observed control plane decides the single-node warning, the declared count only until one is seen",
          arguments: warningCases)
    func observedControlPlaneDecides(_ row: (declared: Int?, observed: Int?, warning: String?)) {
        let (declared, observed, warning) = row
        var deployment = TemplateSmallCluster.deployment
        deployment.controlPlaneReplicas = declared
        var harness = TemplateHarness(given: F.watched(deployment))
        if let observed {
            harness.observe(TemplateSmallCluster.listed(controlPlane: observed, workers: 0), from: F.at(minutes: 1))
        }
        harness.send(TemplateSmallCluster.change())
        let messages = harness.state.upgrade?.warnings.map(\.message) ?? []
        if let warning {
            #expect(messages.count == 1 && messages[0].hasPrefix(warning), "\(messages)")
        } else {
            #expect(messages.isEmpty, "\(messages)")
        }
    }
}

