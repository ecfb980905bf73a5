import Testing
@testable import UpgradeDomain

@Suite("Parsing watch lines")
struct CAPIWatchEventParserTests {
    typealias F = TemplateFixtures

    static let machineV1Beta1WithV1Beta2Conditions = #"""
    {"type":"MODIFIED","object":{"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Machine","metadata":{"name":"w-1","namespace":"ns","uid":"u-1","resourceVersion":"7","generation":3,"labels":{"cluster.x-k8s.io/cluster-name":"c1","cluster.x-k8s.io/deployment-name":"md-0"},"ownerReferences":[{"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"MachineSet","name":"md-0-abc","uid":"s-1"}]},"spec":{"clusterName":"c1","version":"v1.32.4"},"status":{"phase":"Running","observedGeneration":3,"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-11-23T10:00:00Z"},{"type":"InfrastructureReady","status":"False","severity":"Warning","reason":"InstanceStopped","message":"stopped"}],"v1beta2":{"conditions":[{"type":"UpToDate","status":"False","reason":"NotUpToDate","message":"* Version v1.31.8, v1.32.4 required","lastTransitionTime":"2026-11-23T10:00:00Z"}]}}}}
    """#

    @Test("a v1beta1 Machine keeps both condition vocabularies, labels, owners and versions")
    func v1beta1Machine() throws {
        let event = try CAPIWatchEventParser.parse(line: Self.machineV1Beta1WithV1Beta2Conditions)
        guard case .modified(let machine) = event else {
            Issue.record("expected MODIFIED, got \(event)")
            return
        }
        #expect(machine.kind == .machine && machine.apiVersion == .v1beta1)
        #expect(machine.uid == "u-1" && machine.resourceVersion == "7" && machine.qualifiedName == "ns/w-1")
        #expect(machine.clusterName == "c1" && machine.deploymentName == "md-0" && !machine.isControlPlaneMachine)
        #expect(machine.owners == ["MachineSet/md-0-abc"])
        #expect(machine.version == "v1.32.4" && machine.phase == "Running")
        #expect(machine.generation == 3 && machine.observedGeneration == 3)
        #expect(machine.condition("Ready", flavor: .v1beta1)?.status == .true)
        #expect(machine.condition("InfrastructureReady", flavor: .v1beta1)?.severity == "Warning")
        #expect(machine.condition("UpToDate", flavor: .v1beta2) == CAPICondition(
            type: "UpToDate", status: .false, reason: "NotUpToDate", message: "* Version v1.31.8, v1.32.4 required",
            lastTransitionTime: "2026-11-23T10:00:00Z", flavor: .v1beta2))
    }

    @Test("v1beta2 objects: conditions, deprecated v1beta1 fields and replica counts")
    func v1beta2Objects() throws {
        let events = try F.stream("v1beta2-baseline.jsonl")
        let kcp = try #require(events[1].object)
        #expect(kcp.kind == .controlPlane("KubeadmControlPlane") && kcp.apiVersion == .v1beta2)
        #expect(kcp.replicas == CAPIReplicaCounts(desired: 1, current: 1, ready: 1, available: 1, upToDate: 1, updated: 1))
        #expect(kcp.condition("MachinesSpecUpToDate", flavor: .v1beta1)?.status == .true)
        let cluster = try #require(events[0].object)
        #expect(cluster.kind == .cluster && cluster.clusterName == "prod-eu")
        #expect(cluster.condition("Available", flavor: .v1beta2)?.status == .true)
        let cpMachine = try #require(events[3].object)
        #expect(cpMachine.isControlPlaneMachine && cpMachine.owners == ["KubeadmControlPlane/prod-eu-cp"])
    }

    @Test("v1beta1 failureReason and failureMessage are read from status")
    func failureFields() throws {
        let events = try F.stream("v1beta1-rollout-failed.jsonl")
        let machine = try #require(events.last?.object)
        #expect(machine.phase == "Failed" && machine.failureReason == "CreateError")
        #expect(machine.failureMessage?.contains("UnauthorizedOperation") == true)
        let k0s = try #require(events.first?.object)
        #expect(k0s.kind == .controlPlane("K0sControlPlane"))
        #expect(k0s.replicas.updated == 0 && k0s.replicas.desired == 1)
    }

    @Test("BOOKMARK and ERROR lines parse to their own cases")
    func bookmarkAndError() throws {
        #expect(try CAPIWatchEventParser.parse(line: #"{"type":"BOOKMARK","object":{"kind":"Machine","apiVersion":"cluster.x-k8s.io/v1beta2","metadata":{"resourceVersion":"12345"}}}"#)
            == .bookmark(resourceVersion: "12345"))
        #expect(try CAPIWatchEventParser.parse(line: #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}}"#)
            == .error(CAPIWatchStatus(reason: "Expired", message: "too old resource version: 1 (2)", code: 410)))
    }

    static let machineHead = #"{"type":"ADDED","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","#

    @Test("errors name the JSON path of what is wrong", arguments: [
        ("not json", "$: invalid JSON"),
        (#"[1,2]"#, "$: expected object, got array"),
        (#"{"object":{}}"#, "type: missing"),
        (#"{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","metadata":{"name":"m"}}"#,
         "$: a Machine object, not a watch event"),
        (#"{"apiVersion":"v1","kind":"List","items":[]}"#, "$: a List object, not a watch event"),
        (#"{"type":"SYNC","object":{}}"#, #"type: expected one of ADDED, MODIFIED, DELETED, BOOKMARK, ERROR, got "SYNC""#),
        (#"{"type":"ADDED"}"#, "object: missing"),
        (#"{"type":"ADDED","object":{"kind":"Machine","metadata":{}}}"#, "object.apiVersion: missing"),
        (#"{"type":"ADDED","object":{"apiVersion":"cluster.x-k8s.io/v1alpha4","kind":"Machine","metadata":{}}}"#,
         #"object.apiVersion: expected GROUP/v1beta1 or GROUP/v1beta2, got "cluster.x-k8s.io/v1alpha4""#),
        (machineHead + #""metadata":{"name":"m","resourceVersion":"1"}}}"#, "object.metadata.uid: missing"),
        (machineHead + #""metadata":{"name":"m","uid":"","resourceVersion":"1"}}}"#, "object.metadata.uid: missing"),
        (machineHead + #""metadata":{"name":"m","uid":"u"}}}"#, "object.metadata.resourceVersion: missing"),
        (machineHead + #""metadata":{"name":"m","uid":"u","resourceVersion":1}}}"#, "object.metadata.resourceVersion: expected string, got integer"),
        (machineHead + #""metadata":{"name":"m","uid":"u","resourceVersion":"1","labels":{"a":true}}}}"#, "object.metadata.labels.a: expected string, got bool"),
        (machineHead + #""metadata":{"name":"m","uid":"u","resourceVersion":"1"},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"UpToDate","status":"Yes"}]}}}"#,
         #"object.status.conditions[1].status: expected one of True, False, Unknown, got "Yes""#),
        (machineHead + #""metadata":{"name":"m","uid":"u","resourceVersion":"1"},"status":{"conditions":[{"status":"True"}]}}}"#,
         "object.status.conditions[0].type: missing"),
        (machineHead + #""metadata":{"name":"m","uid":"u","resourceVersion":"1"},"spec":{"replicas":"3"}}}"#, "object.spec.replicas: expected integer, got string"),
    ])
    func errorPaths(line: String, expected: String) {
        #expect {
            _ = try CAPIWatchEventParser.parse(line: line)
        } throws: { error in
            guard let error = error as? CAPIWatchParseError else { return false }
            return error.description.hasPrefix(expected)
        }
    }

    @Test("a stream error carries its line number; blank lines are skipped")
    func streamLineNumbers() {
        let good = #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"1"}}}"#
        let stream = good + "\n\n" + good + "\n" + #"{"type":"ADDED","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Machine","metadata":{"name":"m","resourceVersion":"1"}}}"# + "\n"
        #expect(throws: CAPIWatchParseError(line: 4, path: "object.metadata.uid", problem: .missing)) {
            _ = try CAPIWatchEventParser.parse(stream: stream)
        }
        #expect(CAPIWatchParseError(line: 4, path: "object.metadata.uid", problem: .missing).description
            == "line 4: object.metadata.uid: missing")
    }

    @Test("every fixture line parses")
    func fixturesParse() throws {
        for name in ["v1beta1-baseline", "v1beta1-rollout-success", "v1beta1-rollout-failed",
                     "v1beta2-baseline", "v1beta2-rollout-success", "v1beta2-rollout-failed"] {
            #expect(try !F.stream("\(name).jsonl").isEmpty)
        }
    }
}
