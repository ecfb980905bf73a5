import EventStore
import Foundation
import Testing

/// An agent retries a refused report across a restart of the service (ADR 0014): the real binary
/// on a store on disk, killed between the report and its retry.
@Suite("A refused report retried after a restart", .serialized)
struct RefusedReportRestartTests {
    static let late = #"{"node":"store-a-cp1","step":"cordon","outcome":"succeeded","idempotencyKey":"late-1","attempt":1,"upgrade":1}"#

    static func report(_ service: ServiceProcess, _ json: String) async throws -> (Int, String) {
        let (status, body) = try await service.call("POST", "/v1/agents/store-a/reports", token: "agent-a-token", json: json)
        return (status, String(decoding: body, as: UTF8.self))
    }

    static func refusals(_ path: String) throws -> [RecordedEvent] {
        let store = try ServiceProcessTests.reopen(path)
        defer { store.close() }
        return try store.events(ofType: "CommandRefused")
    }

    /// How many `CommandRefused` the running service's store holds (`GET /v1/audit`).
    static func recordedRefusals(_ service: ServiceProcess) async throws -> Int? {
        let (status, body) = try await service.object("GET", "/v1/audit?type=CommandRefused", token: "viewer-token")
        #expect(status == 200, "\(body)")
        return (body["events"] as? [Any])?.count
    }

    /// Upgrade 1 cancelled while cp1's cordon was requested: a success reported for it then is refused.
    static func lateReportRefused(_ service: ServiceProcess) async throws -> (Int, String) {
        _ = try await ServiceProcessTests.prepare(service, newVersion: FleetBodies.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
        #expect(try await service.call("POST", "/v1/clusters/store-a/cancel", token: "operator-token", json: #"{"comment":"stop"}"#).0 == 200)
        let refused = try await report(service, late)
        #expect(refused.0 == 409, "\(refused.1)")
        return refused
    }

    @Test func theRetryIsRefusedAsBeforeAndRecordedOnce() async throws {
        let folder = ScratchFolder("refused-report-restart")
        let store = folder.child("store"), config = folder.child("config.json")
        let first = try ServiceProcess(store: store, config: config)
        let refused = try await Self.lateReportRefused(first)
        #expect(refused.1.contains("reportNodeStep refused"), "\(refused.1)")
        first.crash()  // SIGKILL: nothing kept in memory survives

        let second = try ServiceProcess(store: store, config: config)
        let retry = try await Self.report(second, Self.late)
        #expect(retry.0 == 409)
        #expect(retry.1 == refused.1)
        #expect(try await Self.recordedRefusals(second) == 1)
        // The same key with another body is another report: decided, and its refusal recorded.
        let failed = Self.late.replacingOccurrences(of: #""outcome":"succeeded""#, with: #""outcome":"failed","message":"no""#)
        #expect(try await Self.report(second, failed).0 == 409)
        #expect(second.terminate() == 0)

        let recorded = try Self.refusals(store)
        #expect(recorded.count == 2)
        #expect(recorded.allSatisfy { $0.actor == "agent-a" })
        // Each names its report: the key, the upgrade it named and its body's digest.
        let payloads = recorded.map { String(decoding: $0.data.payload, as: UTF8.self) }
        #expect(payloads.allSatisfy { $0.contains(#""idempotencyKey":"late-1""#) && $0.contains(#""bodyDigest":"sha256:"#) }, "\(payloads)")
        #expect(Set(payloads).count == 2)
    }

    /// The late report names upgrade 1; by the restart upgrade 2 has been accepted, so the refusal
    /// lies before the cluster's last accepted change: the retry reads back to upgrade 1's start.
    @Test func aRetryOfAReportRefusedBeforeTheNextUpgradeIsRefusedAsBeforeAndRecordedOnce() async throws {
        let folder = ScratchFolder("refused-report-restart-earlier")
        let store = folder.child("store"), config = folder.child("config.json")
        let first = try ServiceProcess(store: store, config: config)
        let refused = try await Self.lateReportRefused(first)
        #expect(try await first.call("POST", "/v1/profiles", token: "operator-token",
                                     json: FleetBodies.profile("1.2.0", kubernetes: "v1.30.6+rke2r1")).0 == 201)
        let (assigned, state) = try await first.object("POST", "/v1/clusters/store-a/profile", token: "operator-token",
                                                       json: #"{"name":"retail","version":"1.2.0"}"#)
        #expect(assigned == 202, "\(state)")
        first.crash()

        let second = try ServiceProcess(store: store, config: config)
        let retry = try await Self.report(second, Self.late)
        #expect(retry.0 == 409)
        #expect(retry.1 == refused.1)
        #expect(try await Self.recordedRefusals(second) == 1)
        #expect(second.terminate() == 0)
    }
}
