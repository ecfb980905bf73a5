import EventStore
import Foundation
import Testing

/// The real binary on loopback, driven by simulated agents over HTTP.
@Suite("orchestrator run on loopback", .serialized)
struct ServiceProcessTests {
    /// Publishes 1.0.0 and `newVersion`, registers store-a on 1.0.0 and assigns 1.1.0.
    static func prepare(_ service: ServiceProcess, newVersion: String) async throws -> [String: Any] {
        #expect(try await service.call("POST", "/v1/profiles", token: "operator-token", json: FleetBodies.profile("1.0.0")).0 == 201)
        #expect(try await service.call("POST", "/v1/profiles", token: "operator-token", json: newVersion).0 == 201)
        #expect(try await service.call("POST", "/v1/clusters", token: "operator-token", json: FleetBodies.cluster("store-a")).0 == 201)
        let (status, body) = try await service.object("POST", "/v1/clusters/store-a/profile", token: "operator-token", json: FleetBodies.assign)
        #expect(status == 202, "\(body)")
        return body["state"] as? [String: Any] ?? [:]
    }

    static func reopen(_ path: String) throws -> EventStore {
        let store = try EventStore.open(at: path, mode: .readWrite)
        let report = try store.verify()
        #expect(report.isSound, "\(report)")
        return store
    }

    @Test func anRKE2RebootOfThreeNodesCompletesAndSIGTERMExitsZero() async throws {
        let folder = ScratchFolder("service-reboot")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        let state = try await Self.prepare(service, newVersion: FleetBodies.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        #expect((state["upgrade"] as? [String: Any])?["behavior"] as? String == "reboot")

        let reports = try await SimulatedAgent(cluster: "store-a", token: "agent-a-token", reportsStarts: true).drive(service)
        #expect(reports.count == 15)  // three nodes, five reboot steps each
        #expect(reports.map(\.node).prefix(5).allSatisfy { $0 == "store-a-cp1" })  // control plane first
        let (_, view) = try await service.object("GET", "/v1/clusters/store-a", token: "viewer-token")
        #expect(view["status"] as? String == "succeeded")
        #expect(view["profile"] as? String == "retail@1.1.0")
        #expect(service.terminate() == 0)

        let audit = try OrchestratorProcess.run(["audit", "--store", folder.child("store"), "--cluster", "store-a",
                                                 "--type", "NodeStepStartReported", "--format", "ndjson"])
        #expect(audit.exitCode == 0, "\(audit.stderr)")
        #expect(audit.stdout.split(separator: "\n").count == 15)  // each step's start, recorded once
        #expect(audit.stdout.contains(#""actor":"agent-a""#))
        let store = try Self.reopen(folder.child("store"))
        defer { store.close() }
        #expect(try store.events(ofType: "UpgradeSucceeded").count == 1)
    }

    /// The README's path: replay a scenario into a store, serve it, publish the next version and
    /// move a replayed cluster to it. The replay publishes the scenario's versions, so the
    /// clusters' current one is known to the service.
    @Test func aReplayedStoreServesItsScenariosProfilesSoAClusterMovesOn() async throws {
        let folder = ScratchFolder("service-replayed")
        let store = folder.child("store")
        let replay = try OrchestratorProcess.run(["replay", ReplayCommandTests.scenarios + "/retail-rke2-os-patch.json",
                                                  "--scale", "0.002", "--store", store])
        #expect(replay.exitCode == 0, "\(replay.stderr)")
        let service = try ServiceProcess(store: store, config: folder.child("config.json"))
        let (listed, names) = try await service.call("GET", "/v1/profiles", token: "viewer-token")
        #expect(listed == 200 && String(decoding: names, as: UTF8.self).contains("retail-edge"))
        let (found, current) = try await service.object("GET", "/v1/profiles/retail-edge/versions/1.0.1", token: "viewer-token")
        #expect(found == 200, "\(current)")
        let packs = try #require(current["packs"] as? [[String: Any]])
        let osValues = try String(contentsOfFile: ReplayCommandTests.scenarios + "/packs/byoi-rke2-1.0.1.yaml", encoding: .utf8)
        #expect(packs.first { $0["layer"] as? String == "os" }?["values"] as? String == osValues)

        // The next version: the same packs, a newer Kubernetes patch.
        var next = current
        next["version"] = "1.0.2"
        next["packs"] = packs.map { pack in
            var pack = pack
            if pack["layer"] as? String == "kubernetes" { pack["version"] = "1.30.7" }
            return pack
        }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: next), as: UTF8.self)
        let (published, answer) = try await service.call("POST", "/v1/profiles", token: "operator-token", json: body)
        #expect(published == 201, "\(String(decoding: answer, as: UTF8.self))")
        let (assigned, state) = try await service.object("POST", "/v1/clusters/store-small-00001/profile", token: "operator-token",
                                                         json: #"{"name":"retail-edge","version":"1.0.2"}"#)
        #expect(assigned == 202, "\(state)")
        #expect(service.terminate() == 0)
    }

    /// `audit` and `verify` are other processes reading the store that the running service writes.
    @Test func auditAndVerifyReadTheStoreWhileTheServiceWritesIt() async throws {
        let folder = ScratchFolder("service-readers")
        let store = folder.child("store")
        let service = try ServiceProcess(store: store, config: folder.child("config.json"))
        _ = try await Self.prepare(service, newVersion: FleetBodies.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        func audit(_ filters: [String]) throws -> [Substring] {
            let outcome = try OrchestratorProcess.run(["audit", "--store", store, "--format", "ndjson"] + filters)
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            return outcome.stdout.split(separator: "\n")
        }
        // Mid-upgrade: the assignment is acknowledged, no node has moved.
        #expect(try audit(["--cluster", "store-a", "--type", "ProfileChangeAccepted"]).count == 1)
        #expect(try audit(["--type", "NodeStepStartReported"]).isEmpty)

        let reports = try await SimulatedAgent(cluster: "store-a", token: "agent-a-token", reportsStarts: true).drive(service)
        #expect(reports.count == 15)
        // Still running: the readers see every step the service acknowledged, and find the store sound.
        #expect(try audit(["--type", "NodeStepStartReported"]).count == 15)
        let verify = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(verify.exitCode == 0, "\(verify.stderr)")
        let (status, view) = try await service.object("GET", "/v1/clusters/store-a", token: "viewer-token")
        #expect(status == 200)
        #expect(view["status"] as? String == "succeeded")
        #expect(service.terminate() == 0)
    }

    @Test func aSecondServiceOnTheSameStoreIsRefusedWhileTheFirstServes() async throws {
        let folder = ScratchFolder("service-twice")
        let store = folder.child("store")
        let first = try ServiceProcess(store: store, config: folder.child("config.json"))
        let second = try OrchestratorProcess.run(["run", "--store", store, "--port", "0"])
        #expect(second.exitCode == 75)
        #expect(second.stderr == "orchestrator: run: another orchestrator run is serving \(store) (it holds \(store)/service.lock); stop it, or give this one another store\n")
        #expect(try await first.call("GET", "/healthz").0 == 200)
        #expect(first.terminate() == 0)
        // The lock goes with the process: the store can be served again.
        let again = try ServiceProcess(store: store, config: folder.child("config.json"))
        #expect(try await again.call("GET", "/healthz").0 == 200)
        #expect(again.terminate() == 0)
    }

    @Test func aPortInUseOrAForeignHostIsOneLineNamingIt() async throws {
        let folder = ScratchFolder("service-port")
        let first = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        let taken = try OrchestratorProcess.run(["run", "--store", folder.child("other"), "--port", "\(first.port)"])
        #expect(taken.exitCode == 75)
        #expect(taken.stderr.hasSuffix("orchestrator: run: 127.0.0.1:\(first.port) is already in use; stop what listens there or choose another port (--port, ORCHESTRATOR_PORT or the config's \"port\")\n"),
                "\(taken.stderr)")
        #expect(first.terminate() == 0)
        // 192.0.2.1 is a documentation address (TEST-NET-1), never one of this machine's.
        let foreign = try OrchestratorProcess.run(["run", "--store", folder.child("other"), "--port", "0", "--host", "192.0.2.1"])
        #expect(foreign.exitCode == 64)
        #expect(foreign.stderr.hasSuffix("orchestrator: run: host 192.0.2.1 is not an address of this machine (--host, ORCHESTRATOR_HOST or the config's \"host\")\n"), "\(foreign.stderr)")
    }

    @Test func aRepaveWaitsForAnApproverAndRecordsWhoApproved() async throws {
        let folder = ScratchFolder("service-repave")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        let state = try await Self.prepare(service, newVersion: FleetBodies.profile("1.1.0", os: "1.1.0"))
        #expect(state["status"] as? String == "awaiting-approval")
        #expect(try await service.call("GET", "/v1/agents/store-a/next-action?timeout=100", token: "agent-a-token").0 == 204)
        #expect(try await service.call("POST", "/v1/clusters/store-a/approve", token: "operator-token").0 == 403)
        let (approved, body) = try await service.object("POST", "/v1/clusters/store-a/approve", token: "approver-token", json: #"{"comment":"store closed"}"#)
        #expect(approved == 200, "\(body)")

        let reports = try await SimulatedAgent(cluster: "store-a", token: "agent-a-token").drive(service)
        #expect(reports.contains { $0.step == "remove-node" })
        #expect(try await SimulatedAgent(cluster: "store-a", token: "agent-a-token").status(service) == "succeeded")
        #expect(service.terminate() == 0)

        let store = try Self.reopen(folder.child("store"))
        defer { store.close() }
        let approvals = try store.events(ofType: "RepaveApproved")
        #expect(approvals.map(\.actor) == ["alice"])
        let payload = String(decoding: approvals.first?.data.payload ?? Data(), as: UTF8.self)
        #expect(payload.contains("store closed"))
    }

    @Test func afterSIGKILLMidUpgradeARestartCompletesItLosingNothingAndActingOnNoNodeTwice() async throws {
        let folder = ScratchFolder("service-crash")
        let agent = SimulatedAgent(cluster: "store-a", token: "agent-a-token")
        var service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        _ = try await Self.prepare(service, newVersion: FleetBodies.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        var reports = try await agent.drive(service, limit: 7)
        service.crash()

        service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        // The agent did not hear the last answer and retries it: it must not apply again.
        let last = try #require(reports.last)
        let retry = #"{"node":"\#(last.node)","step":"\#(last.step)","outcome":"succeeded","idempotencyKey":"\#(last.key)"}"#
        let (status, answer) = try await service.object("POST", "/v1/agents/store-a/reports", token: "agent-a-token", json: retry)
        #expect(status == 202, "\(answer)")
        #expect(answer["duplicate"] as? Bool == true)

        reports += try await agent.drive(service)
        #expect(reports.count == 15)
        #expect(try await agent.status(service) == "succeeded")
        #expect(service.terminate() == 0)

        let store = try Self.reopen(folder.child("store"))
        defer { store.close() }
        for report in reports {
            let position = try #require(report.lastPosition, "report \(report.key) was not acknowledged with a position")
            let event = try #require(try store.event(at: position), "acknowledged position \(position) is missing")
            #expect(event.stream == "cluster/store-a")
        }
        let succeeded = try store.events(ofType: "NodeStepSucceeded")
        #expect(succeeded.count == 15)
        let started = try store.events(ofType: "NodeStepStarted")
        #expect(started.count == 15)  // every step requested exactly once: no node acted on twice
        let steps = succeeded.map { String(decoding: $0.data.payload, as: UTF8.self) }
        #expect(Set(steps).count == steps.count)
    }

    @Test func sigtermEndsOpenLongPollsAndEventStreamsThenExitsZeroWithTheStoreClosed() async throws {
        let folder = ScratchFolder("service-sigterm")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"))
        #expect(try await service.call("POST", "/v1/profiles", token: "operator-token", json: FleetBodies.profile("1.0.0")).0 == 201)
        #expect(try await service.call("POST", "/v1/clusters", token: "operator-token", json: FleetBodies.cluster("store-a")).0 == 201)
        let poll = try RawHTTPConnection(port: service.port, path: "/v1/agents/store-a/next-action?timeout=30000", token: "agent-a-token")
        let stream = try RawHTTPConnection(port: service.port, path: "/v1/events?from=1", token: "viewer-token")
        #expect(stream.read(until: "event: ClusterRegistered"))  // the stream is open and has caught up

        let stopping = ContinuousClock.now
        #expect(service.terminate() == 0)
        #expect(ContinuousClock.now - stopping < .seconds(10), "the 30 s long poll held up the shutdown")
        #expect(stream.readToEnd().contains("event: ClusterRegistered"))
        let polled = poll.readToEnd()
        #expect(polled.isEmpty || polled.hasPrefix("HTTP/1.1 204"), "\(polled)")
        try Self.reopen(folder.child("store")).close()
    }
}
