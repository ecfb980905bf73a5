import Testing
@testable import UpgradeDomain

/// The upgrade's start takes the machines and owner generations observed so far as its baseline: a
/// change before any object of the deployment's cluster was observed is refused (its baseline would
/// be empty, and the old machines would pass for new ones), and accepted once one was.
@Suite("Template change before any watch data")
struct TemplateChangeBeforeWatchTests {
    typealias F = TemplateFixtures

    /// Watch lines observed after registration, and whether a change is then accepted.
    static let cases: [(name: String, lines: @Sendable (String) -> [String], accepted: Bool)] = [
        ("nothing observed", { _ in [] }, false),
        ("only another cluster's object", { baseline in
            [String(baseline.split(separator: "\n")[0]).replacingOccurrences(of: "prod-eu", with: "prod-us")]
        }, false),
        ("a Machine observed, then deleted", { baseline in
            let machine = String(baseline.split(separator: "\n")[3])
            return [machine, machine.replacingOccurrences(of: #""type":"ADDED""#, with: #""type":"DELETED""#)]
        }, true),
        ("the Cluster alone", { baseline in [String(baseline.split(separator: "\n")[0])] }, true),
    ]

    @Test(arguments: cases.indices)
    func givenWhatWasObservedWhenTheTemplateChangesThenItIsRefusedOnlyBeforeAnyObject(_ index: Int) throws {
        let (name, lines, accepted) = Self.cases[index]
        var harness = TemplateHarness(given: F.registered(F.eu))
        let observed = lines(try F.text("v1beta2-baseline.jsonl"))
        if !observed.isEmpty {
            harness.observe(try CAPIWatchEventParser.parse(stream: observed.joined(separator: "\n")), from: F.at(minutes: 1))
        }
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", version: "v1.32.5", variables: F.euVariables))
        if accepted {
            guard case .upgradeStarted? = events.first else { Issue.record("\(name): \(events)"); return }
        } else {
            let refusal = TemplateUpgradeRefusal(
                command: "changeDeployment", upgradeId: "upg-1",
                reason: .noClusterAPIStatusObserved(deployment: "0b9c3f1e-prod-eu"), at: F.at(minutes: 10))
            #expect(events == [.commandRefused(refusal)], "\(name)")
            #expect(harness.state.upgrade == nil, "\(name)")
            #expect(harness.state.deployment?.template == "aws-standalone-cp-1-0-14", "\(name)")
            #expect(refusal.message == "changeDeployment refused: no Cluster API status has been observed yet for deployment 0b9c3f1e-prod-eu; send its watch (the initial list of its Cluster API objects) first, so that the machines from before the change are known")
        }
    }

    /// A change that is refused for another reason says that one: the paths are checked first.
    @Test func givenNothingObservedWhenTheTargetIsOutsideThePathsThenThatIsTheRefusal() {
        var harness = TemplateHarness(given: F.registered(F.eu))
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-99", variables: F.euVariables))
        guard case .commandRefused(let refusal)? = events.first, case .outsideUpgradePath = refusal.reason else {
            Issue.record("\(events)")
            return
        }
    }

    /// The baseline observed, then changed: the old machines are the start's baseline, not new ones.
    @Test func givenTheBaselineObservedWhenTheTemplateChangesThenTheOldMachinesAreItsBaseline() throws {
        var harness = try F.baselined(F.eu, baseline: "v1beta2-baseline.jsonl")
        let events = harness.send(F.upgradeTemplate("aws-standalone-cp-1-0-15", version: "v1.32.5", variables: F.euVariables))
        guard case .upgradeStarted(let start)? = events.first else { Issue.record("\(events)"); return }
        #expect(start.baselineMachineUIDs == harness.state.machines.map(\.uid).sorted())
        #expect(start.baselineMachineUIDs.count == 3)
    }
}
