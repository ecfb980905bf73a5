import EventStore
import Foundation
import Testing

/// Template upgrades on the real binary, fed the recorded Cluster API watch streams over HTTP.
@Suite("Cluster API watch ingestion on loopback", .serialized)
struct TemplateIngestionTests {
    struct Scenario: Sendable, CustomStringConvertible {
        var registration: String
        var id: String
        var baseline: String
        var rollout: String
        var change: String
        var expected: String
        var prettyPrinted: Bool
        var description: String { "\(rollout)\(prettyPrinted ? " (pretty-printed)" : "")" }
    }

    static let eu = #"""
    {"clusterId":"0b9c3f1e-prod-eu","clusterName":"prod-eu","namespace":"kcm-system","targetInfrastructure":"aws",
     "template":"aws-standalone-cp-1-0-14","noProgressDeadlineMs":900000,
     "variables":{"region":"eu-west-1","controlPlaneNumber":1,"workersNumber":2,"worker":{"instanceType":"m6i.large","rootVolumeSize":32}},
     "upgradePaths":[{"template":"aws-standalone-cp-1-0-14","availableUpgrades":["aws-standalone-cp-1-0-15"]}]}
    """#
    static let us = #"""
    {"clusterId":"5d7e9a2b-prod-us","clusterName":"prod-us","namespace":"kcm-system","targetInfrastructure":"aws",
     "template":"aws-standalone-cp-1-0-12","noProgressDeadlineMs":900000,
     "upgradePaths":[{"template":"aws-standalone-cp-1-0-12","availableUpgrades":["aws-standalone-cp-1-0-13"]}]}
    """#
    static let euChange = #"{"template":"aws-standalone-cp-1-0-15","targetKubernetesVersion":"v1.32.5","upgradeId":"upg-1"}"#
    static let usChange = #"{"template":"aws-standalone-cp-1-0-13","targetKubernetesVersion":"v1.32.4+k0s.0","upgradeId":"upg-1"}"#

    static let scenarios = [
        Scenario(registration: eu, id: "0b9c3f1e-prod-eu", baseline: "v1beta2-baseline.jsonl", rollout: "v1beta2-rollout-success.jsonl", change: euChange, expected: "Upgrade successful", prettyPrinted: false),
        Scenario(registration: eu, id: "0b9c3f1e-prod-eu", baseline: "v1beta2-baseline.jsonl", rollout: "v1beta2-rollout-success.jsonl", change: euChange, expected: "Upgrade successful", prettyPrinted: true),
        Scenario(registration: eu, id: "0b9c3f1e-prod-eu", baseline: "v1beta2-baseline.jsonl", rollout: "v1beta2-rollout-failed.jsonl", change: euChange, expected: "Upgrade failed", prettyPrinted: false),
        Scenario(registration: us, id: "5d7e9a2b-prod-us", baseline: "v1beta1-baseline.jsonl", rollout: "v1beta1-rollout-success.jsonl", change: usChange, expected: "Upgrade successful", prettyPrinted: false),
        Scenario(registration: us, id: "5d7e9a2b-prod-us", baseline: "v1beta1-baseline.jsonl", rollout: "v1beta1-rollout-failed.jsonl", change: usChange, expected: "Upgrade failed", prettyPrinted: false),
    ]

    /// A recorded watch stream; pretty-printed as kubectl prints `-o json` when asked.
    static func fixture(_ name: String, prettyPrinted: Bool) throws -> String {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("UpgradeDomainTests/TemplateUpgrade/Fixtures")
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        guard prettyPrinted else { return text }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n")
    }

    @Test(arguments: scenarios)
    func aRecordedRolloutEndsAsClusterAPIReportsIt(_ scenario: Scenario) async throws {
        let folder = ScratchFolder("service-template")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: scenario.registration).0 == 201)
        let (baseline, observed) = try await service.object("POST", "/v1/deployments/\(scenario.id)/watch", token: "operator-token",
                                                          json: try Self.fixture(scenario.baseline, prettyPrinted: scenario.prettyPrinted))
        #expect(baseline == 200, "\(observed)")
        #expect(observed["status"] as? String == "Not upgrading")
        let (changed, started) = try await service.object("POST", "/v1/deployments/\(scenario.id)/template", token: "operator-token", json: scenario.change)
        #expect(changed == 202, "\(started)")
        let rollout = try Self.fixture(scenario.rollout, prettyPrinted: scenario.prettyPrinted)
        let (status, answer) = try await service.object("POST", "/v1/deployments/\(scenario.id)/watch", token: "operator-token", json: rollout)
        #expect(status == 200, "\(answer)")
        // Sent again, every event is a duplicate (same uid and resourceVersion): nothing new is recorded.
        let (_, again) = try await service.object("POST", "/v1/deployments/\(scenario.id)/watch", token: "operator-token", json: rollout)
        #expect(again["observed"] as? Int == 0)

        let (_, view) = try await service.object("GET", "/v1/deployments/\(scenario.id)", token: "viewer-token")
        #expect(view["status"] as? String == scenario.expected, "\(view)")
        #expect(service.terminate() == 0)

        let store = try EventStore.open(at: folder.child("store"), mode: .readWrite)
        defer { store.close() }
        let telemetry = try store.events(ofType: "UpgradeTelemetryRecorded")
        if scenario.expected == "Upgrade successful" {
            #expect(telemetry.count == 1)
            let payload = String(decoding: telemetry.first?.data.payload ?? Data(), as: UTF8.self)
            #expect(payload.contains(scenario.id) && payload.contains("aws"))
        } else {
            #expect(telemetry.isEmpty)
            #expect(try store.events(ofType: "TemplateUpgradeFailed").count == 1)
            #expect((view["detail"] as? String ?? "").contains("failed") || (view["detail"] as? String ?? "").contains("Failed"))
        }
    }

    /// The single-replica control plane warning was recorded (`TemplateUpgradeWarned`) and shown
    /// by `orchestrator state`, but `GET /v1/deployments/{id}` left it out, with where the upgrade
    /// came from and when it started and ended.
    @Test func theDeploymentViewShowsTheUpgradesWarningsOriginAndTimes() async throws {
        let folder = ScratchFolder("service-template-view-warnings")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        let (_, fresh) = try await service.object("GET", "/v1/deployments/0b9c3f1e-prod-eu", token: "viewer-token")
        #expect(fresh["warnings"] as? [String] == [], "\(fresh)")
        #expect(fresh["fromTemplate"] == nil && fresh["startedAtMs"] == nil)
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false))
        #expect(try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/template", token: "operator-token", json: Self.euChange).0 == 202)
        let (_, running) = try await service.object("GET", "/v1/deployments/0b9c3f1e-prod-eu", token: "viewer-token")
        let warnings = running["warnings"] as? [String] ?? []
        #expect(warnings == ["KubeadmControlPlane kcm-system/prod-eu-cp has 1 replica: etcd can lose quorum while the control plane machine is replaced"], "\(running)")
        #expect(running["fromTemplate"] as? String == "aws-standalone-cp-1-0-14")
        #expect(running["startedAtMs"] is Int && running["endedAtMs"] == nil, "\(running)")
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta2-rollout-failed.jsonl", prettyPrinted: false))
        let (_, failed) = try await service.object("GET", "/v1/deployments/0b9c3f1e-prod-eu", token: "viewer-token")
        #expect(failed["status"] as? String == "Upgrade failed")
        #expect(failed["warnings"] as? [String] == warnings)
        #expect((failed["endedAtMs"] as? Int ?? 0) >= (failed["startedAtMs"] as? Int ?? .max), "\(failed)")
        #expect(service.terminate() == 0)
    }

    /// QA: the service filed every observation under the deployment's latest upgrade even once it
    /// had ended, so `audit --upgrade` (and `GET /v1/audit?upgrade=`) of a finished upgrade grew
    /// with every later watch event; a replay files them under no upgrade, as the docs say.
    @Test func observationsAfterAnUpgradeEndedAreNotFiledUnderIt() async throws {
        let folder = ScratchFolder("service-template-ended-correlation")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.us).0 == 201)
        _ = try await service.call("POST", "/v1/deployments/5d7e9a2b-prod-us/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta1-baseline.jsonl", prettyPrinted: false))
        #expect(try await service.call("POST", "/v1/deployments/5d7e9a2b-prod-us/template", token: "operator-token", json: Self.usChange).0 == 202)
        let (_, done) = try await service.object("POST", "/v1/deployments/5d7e9a2b-prod-us/watch", token: "operator-token",
                                                 json: try Self.fixture("v1beta1-rollout-success.jsonl", prettyPrinted: false))
        #expect(done["status"] as? String == "Upgrade successful", "\(done)")
        let (_, started) = try await service.object("GET", "/v1/audit?cluster=5d7e9a2b-prod-us&type=TemplateUpgradeStarted", token: "viewer-token")
        let upgrade = try #require((started["events"] as? [[String: Any]])?.first?["correlationId"] as? String)
        let (_, before) = try await service.object("GET", "/v1/audit?upgrade=\(upgrade)", token: "viewer-token")
        let upgradeEvents = (before["events"] as? [[String: Any]]) ?? []
        #expect(upgradeEvents.last?["type"] as? String == "UpgradeTelemetryRecorded", "\(upgradeEvents.map { $0["type"] ?? "" })")

        // Days later the watch goes on: the Cluster changes again.
        let cluster = try #require(try Self.fixture("v1beta1-baseline.jsonl", prettyPrinted: false).split(separator: "\n").first)
        let later = cluster.replacingOccurrences(of: #""resourceVersion":"912317""#, with: #""resourceVersion":"999001""#)
        let (_, observed) = try await service.object("POST", "/v1/deployments/5d7e9a2b-prod-us/watch", token: "operator-token", json: later + "\n")
        #expect(observed["observed"] as? Int == 1, "\(observed)")
        let (_, after) = try await service.object("GET", "/v1/audit?upgrade=\(upgrade)", token: "viewer-token")
        #expect((after["events"] as? [[String: Any]])?.count == upgradeEvents.count, "\(after)")
        let (_, last) = try await service.object("GET", "/v1/audit?cluster=5d7e9a2b-prod-us&type=ClusterAPIObjectObserved&fromPosition=40", token: "viewer-token")
        let latest = (last["events"] as? [[String: Any]])?.last
        #expect(latest?["type"] as? String == "ClusterAPIObjectObserved")
        #expect(latest?["correlationId"] == nil, "\(latest ?? [:])")
        #expect(service.terminate() == 0)
    }

    /// QA: a second watch (or a restarted one) delivered an older MODIFIED of the new control plane
    /// machine, from while it was failing to provision, after it had come up Running; the service
    /// applied it and failed an upgrade whose machine was fine.
    @Test func anOlderEventOfAMachineArrivingLateIsIgnoredAndFailsNothing() async throws {
        let folder = ScratchFolder("service-template-late-event")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false))
        #expect(try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/template", token: "operator-token", json: Self.euChange).0 == 202)
        // The rollout up to the new control plane machine Running (resourceVersion 480204).
        let success = try Self.fixture("v1beta2-rollout-success.jsonl", prettyPrinted: false).split(separator: "\n")
        let (_, running) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                    json: success.prefix(6).joined(separator: "\n") + "\n")
        #expect(running["status"] as? String == "Upgrade in Progress", "\(running)")
        // The same machine failing to provision, at an older resourceVersion, arrives late.
        let failing = try #require(try Self.fixture("v1beta2-rollout-failed.jsonl", prettyPrinted: false).split(separator: "\n").last)
        let late = failing.replacingOccurrences(of: #""resourceVersion":"480204""#, with: #""resourceVersion":"480190""#)
        #expect(late.contains("InstanceProvisionFailed") && late.contains("prod-eu-cp-m4rzd"))
        let (status, answer) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token", json: late + "\n")
        #expect(status == 200)
        #expect(answer["observed"] as? Int == 0 && answer["ignored"] as? Int == 1, "\(answer)")
        #expect(answer["status"] as? String == "Upgrade in Progress", "\(answer)")
        // The rest of the rollout ends it as Cluster API reports it.
        let (_, finished) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                     json: success.dropFirst(6).joined(separator: "\n") + "\n")
        #expect(finished["status"] as? String == "Upgrade successful", "\(finished)")
        #expect(service.terminate() == 0)
    }

    /// QA: with a MachineDeployment rolling out `OnDelete`, Cluster API waits for someone to delete
    /// each old worker; the no-progress failure only listed machines "waiting", as if the rollout broke.
    @Test func aStallOnAnOnDeleteMachineDeploymentSaysWhoMustAct() async throws {
        let folder = ScratchFolder("service-template-on-delete")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        let registration = Self.eu.replacingOccurrences(of: #""noProgressDeadlineMs":900000"#, with: #""noProgressDeadlineMs":1000"#)
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: registration).0 == 201)
        let baseline = try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false).split(separator: "\n").map { line -> String in
            guard line.contains(#""kind":"MachineDeployment""#),
                  var event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  var object = event["object"] as? [String: Any], var spec = object["spec"] as? [String: Any] else { return String(line) }
            spec["rollout"] = ["strategy": ["type": "OnDelete"]]
            object["spec"] = spec
            event["object"] = object
            return String(decoding: (try? JSONSerialization.data(withJSONObject: event)) ?? Data(), as: UTF8.self)
        }
        #expect(baseline.contains { $0.contains("OnDelete") })
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token", json: baseline.joined(separator: "\n") + "\n")
        #expect(try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/template", token: "operator-token", json: Self.euChange).0 == 202)
        var view: [String: Any] = [:]
        for _ in 0..<50 where view["status"] as? String != "Upgrade failed" {
            try await Task.sleep(for: .milliseconds(200))
            view = try await service.object("GET", "/v1/deployments/0b9c3f1e-prod-eu", token: "viewer-token").1
        }
        let detail = view["detail"] as? String ?? ""
        #expect(view["status"] as? String == "Upgrade failed", "\(view)")
        #expect(detail.contains("MachineDeployment kcm-system/prod-eu-md rolls out OnDelete: Cluster API replaces an old machine only once it is deleted"), "\(detail)")
        #expect(service.terminate() == 0)
    }

    /// QA: `/v1/fleet` leaves template deployments out and `GET /v1/deployments` was a 405, so
    /// over HTTP no one could find the deployments of a fleet, nor which of them failed.
    @Test func theDeploymentsAreListedInIdOrderWithTheirStatusesAndPaged() async throws {
        let folder = ScratchFolder("service-template-list")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.us).0 == 201)
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false))
        #expect(try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/template", token: "operator-token", json: Self.euChange).0 == 202)
        _ = try await service.call("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                   json: try Self.fixture("v1beta2-rollout-failed.jsonl", prettyPrinted: false))

        let (status, all) = try await service.object("GET", "/v1/deployments", token: "viewer-token")
        #expect(status == 200, "\(all)")
        let listed = all["deployments"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["clusterId"] as? String ?? "" } == ["0b9c3f1e-prod-eu", "5d7e9a2b-prod-us"])
        #expect(listed.map { $0["status"] as? String ?? "" } == ["Upgrade failed", "Not upgrading"])
        #expect(all["byStatus"] as? [String: Int] == ["Upgrade failed": 1, "Not upgrading": 1])
        #expect(all["next"] == nil)

        let (_, first) = try await service.object("GET", "/v1/deployments?limit=1", token: "viewer-token")
        #expect((first["deployments"] as? [[String: Any]])?.map { $0["clusterId"] as? String ?? "" } == ["0b9c3f1e-prod-eu"])
        #expect(first["next"] as? String == "0b9c3f1e-prod-eu")
        #expect(first["byStatus"] as? [String: Int] == ["Upgrade failed": 1, "Not upgrading": 1])
        let (_, second) = try await service.object("GET", "/v1/deployments?limit=1&after=0b9c3f1e-prod-eu", token: "viewer-token")
        #expect((second["deployments"] as? [[String: Any]])?.map { $0["clusterId"] as? String ?? "" } == ["5d7e9a2b-prod-us"])
        #expect(second["next"] == nil)
        #expect(try await service.call("GET", "/v1/deployments?limit=0", token: "viewer-token").0 == 400)

        // Folded from the store after a restart, the same list.
        #expect(service.terminate() == 0)
        let again = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        var (restarted, relisted) = try await again.object("GET", "/v1/deployments", token: "viewer-token")
        for _ in 0..<50 where restarted == 503 {
            try await Task.sleep(for: .milliseconds(100))
            (restarted, relisted) = try await again.object("GET", "/v1/deployments", token: "viewer-token")
        }
        #expect(relisted["byStatus"] as? [String: Int] == ["Upgrade failed": 1, "Not upgrading": 1], "\(relisted)")
        #expect(again.terminate() == 0)
    }

    @Test func aBadWatchLineIs400NamingItAndWritesNothing() async throws {
        let folder = ScratchFolder("service-template-bad")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        let (_, before) = try await service.object("GET", "/v1/audit?limit=100", token: "viewer-token")
        let bad = #"{"type":"ADDED","object":{"kind":"Machine"}}"# + "\n"
        let (status, answer) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token", json: bad)
        #expect(status == 400)
        let message = (answer["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("watch event 1"))
        let (_, after) = try await service.object("GET", "/v1/audit?limit=100", token: "viewer-token")
        #expect((after["events"] as? [Any])?.count == (before["events"] as? [Any])?.count)
        #expect(service.terminate() == 0)
    }

    /// A deployment registered with another namespace than its Cluster API objects': every event
    /// is ignored, and the answer used to say only `"ignored": 6`, so the watch looked accepted
    /// while the deployment saw no machine at all.
    @Test func eventsOfAnotherClusterOrNamespaceAreCountedAndNamedInTheAnswer() async throws {
        let folder = ScratchFolder("service-template-other-cluster")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        let registration = Self.eu.replacingOccurrences(of: #""namespace":"kcm-system""#, with: #""namespace":"default""#)
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: registration).0 == 201)
        let (status, answer) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                        json: try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false))
        #expect(status == 200)
        #expect(answer["observed"] as? Int == 0)
        #expect(answer["ignored"] as? Int == 6)
        #expect(answer["otherCluster"] as? Int == 6, "\(answer)")
        #expect(answer["note"] as? String
            == "6 of the 6 events were for objects of another cluster or namespace and were ignored (first: Cluster prod-eu, cluster prod-eu, namespace kcm-system); deployment 0b9c3f1e-prod-eu follows cluster prod-eu in namespace default, as registered",
            "\(answer)")

        // The right cluster: nothing to note.
        let (_, right) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                  json: try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false)
                                                      .replacingOccurrences(of: #""namespace":"kcm-system""#, with: #""namespace":"default""#))
        #expect(right["observed"] as? Int == 6, "\(right)")
        #expect(right["otherCluster"] as? Int == 0)
        #expect(right["note"] == nil)
        #expect(service.terminate() == 0)
    }

    /// `kubectl get machines -o json --watch` without `--output-watch-events` prints the objects
    /// themselves; the 400 said only "watch event 1: type: missing".
    @Test func aBareObjectIs400SayingItIsNotAWatchEventAndHowToPrintOne() async throws {
        let folder = ScratchFolder("service-template-bare-object")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        let line = try #require(try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false).split(separator: "\n").last)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let bare = try JSONSerialization.data(withJSONObject: try #require(event["object"]), options: [.prettyPrinted, .sortedKeys])
        let (status, answer) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                        json: String(decoding: bare, as: UTF8.self))
        #expect(status == 400)
        let message = (answer["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message == "watch event 1: $: a Machine object, not a watch event {\"type\": …, \"object\": {…}}; print the watch with `kubectl get … -o json --watch --output-watch-events`; nothing was applied", "\(answer)")
        #expect(service.terminate() == 0)
    }

    @Test func aStreamEndingInsideAnEventIs400CountingWhatWasApplied() async throws {
        let folder = ScratchFolder("service-template-truncated")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        let good = try #require(try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false).split(separator: "\n").first)
        let (status, answer) = try await service.object("POST", "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token",
                                                        json: good + "\n" + #"{"type":"MODIFIED","obj"#)
        #expect(status == 400)
        let error = answer["error"] as? [String: Any] ?? [:]
        #expect(error["message"] as? String == "watch stream ended inside event 2; the 1 before it were applied and stay recorded", "\(answer)")
        #expect((error["details"] as? [String: Any])?["received"] as? String == "1")
        let (_, audit) = try await service.object("GET", "/v1/audit?cluster=0b9c3f1e-prod-eu", token: "viewer-token")
        #expect((audit["events"] as? [[String: Any]])?.contains { $0["type"] as? String == "ClusterAPIObjectObserved" } == true)
        #expect(service.terminate() == 0)
    }

    /// The README's one-liner: kubectl's output piped into `curl -T -`, which streams it chunked.
    @Test func aWatchPipedThroughCurlIsAppliedAsItStreams() async throws {
        let folder = ScratchFolder("service-template-curl")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.child("watch.json"), contents: Data(try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: true).utf8))
        let command = "cat '\(folder.child("watch.json"))' | curl -sS -T - -X POST -H 'Authorization: Bearer operator-token' "
            + "-H 'Expect:' -H 'Content-Type: application/x-ndjson' http://127.0.0.1:\(service.port)/v1/deployments/0b9c3f1e-prod-eu/watch"
        let (status, output) = try TLSTests.tool(["sh", "-c", command])
        #expect(status == 0)
        let answer = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(answer?["observed"] as? Int == 6, "\(output)")
        #expect(service.terminate() == 0)
    }

    /// The README's watch never ends by itself; SIGTERM must end it, not wait for the client.
    @Test func sigtermEndsAnOpenWatchStreamKeepingEveryEventReceivedAndExitsZero() async throws {
        let folder = ScratchFolder("service-watch-sigterm")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/deployments", token: "operator-token", json: Self.eu).0 == 201)
        let baseline = try Self.fixture("v1beta2-baseline.jsonl", prettyPrinted: false)
        let next = try #require(try Self.fixture("v1beta2-rollout-success.jsonl", prettyPrinted: false).split(separator: "\n").first)
        let events = try RawHTTPConnection(port: service.port, path: "/v1/events?from=1", token: "viewer-token")
        let watch = try RawHTTPConnection(port: service.port, streamingTo: "/v1/deployments/0b9c3f1e-prod-eu/watch", token: "operator-token")
        // The six baseline events whole, then half of the next one; the body stays open.
        watch.send(baseline.trimmingCharacters(in: .newlines) + "\n" + next.prefix(next.count / 2))
        // The last baseline Machine is on the live stream: the service has recorded the whole chunk.
        #expect(events.read(until: "b1d2c3e4-0003-4f00-8a00-00000000a0a3"))

        // Without the fix the process waits for the client forever; the watchdog turns that into a failure.
        let pid = service.process.processIdentifier
        let watchdog = Task.detached {
            do { try await Task.sleep(for: .seconds(30)) } catch { return }
            kill(pid, SIGKILL)
        }
        let stopping = ContinuousClock.now
        let status = service.terminate()
        watchdog.cancel()
        #expect(status == 0)
        #expect(ContinuousClock.now - stopping < .seconds(10), "the open watch held up the shutdown")
        let answer = watch.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
        #expect(answer.contains(#""code":"shutting_down""#), "\(answer)")
        #expect(answer.contains(#""received":"6""#), "\(answer)")
        #expect(answer.contains("the event it was receiving was cut off and not applied"), "\(answer)")

        let store = try ServiceProcessTests.reopen(folder.child("store"))
        defer { store.close() }
        #expect(try store.events(ofType: "ClusterAPIObjectObserved").count == 6)
    }
}
