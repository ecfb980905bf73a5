import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import Service

/// The server answers while it folds the history: health at once, readiness with progress, and
/// 503 `resuming` for the API until the fold is done.
@Suite("Serving while the history is folded")
struct ReadinessTests {
    /// The router on a fresh store with `readiness` as the test sets it (no background fold runs).
    static func withRouter(_ readiness: Readiness, _ setup: TestingSetup = .router,
                           _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let harness = ServiceHarness()
        let store = try EventStore.open(at: harness.folder)
        defer {
            store.close()
            try? FileManager.default.removeItem(atPath: harness.folder)
        }
        let service = ClusterService(store: store, clock: harness.clock, metrics: ServiceMetrics(), logger: Logger(label: "test"))
        let app = Application(router: buildRouter(configuration: harness.configuration, service: service, readiness: readiness))
        try await app.test(setup, body)
    }

    @Test func whileFoldingHealthAnswersReadinessShowsProgressAndTheAPIAsksToRetry() async throws {
        let readiness = Readiness()
        readiness.progress(folded: 512, total: 100_000)
        try await Self.withRouter(readiness, .live) { client in
            #expect(try await client.call(.get, "/healthz").0 == .ok)
            let (ready, body) = try await client.call(.get, "/readyz")
            #expect(ready == .serviceUnavailable)
            #expect(try ClusterFlowTests.json(body) as? [String: String] == ["status": "resuming", "folded": "512", "total": "100000"])

            let retry = try await client.execute(uri: "/v1/fleet", method: .get, headers: [.authorization: "Bearer viewer-token"]) { $0 }
            #expect(retry.status == .serviceUnavailable)
            #expect(retry.headers[.retryAfter] == "1")
            let error = try #require(try ClusterFlowTests.json(String(buffer: retry.body))["error"] as? [String: Any])
            #expect(error["code"] as? String == "resuming")
            #expect((error["message"] as? String)?.contains("512 of 100000") == true, "\(error)")
            // Tokens are still checked first, and writes are refused like reads.
            #expect(try await client.call(.get, "/v1/fleet").0 == .unauthorized)
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .serviceUnavailable)

            let (metrics, text) = try await client.call(.get, "/metrics")
            #expect(metrics == .ok)
            #expect(text.contains("orchestrator_ready 0"), "\(text)")
            #expect(!text.contains("orchestrator_upgrades{"))
        }
    }

    @Test func onceResumedEveryRouteServes() async throws {
        let readiness = Readiness()
        try await Self.withRouter(readiness) { client in
            #expect(try await client.call(.get, "/v1/fleet", token: "viewer-token").0 == .serviceUnavailable)
            readiness.resumed()
            let (ready, body) = try await client.call(.get, "/readyz")
            #expect(ready == .ok)
            #expect(try ClusterFlowTests.json(body)["status"] as? String == "ready")
            #expect(try await client.call(.get, "/v1/fleet", token: "viewer-token").0 == .ok)
            let (_, text) = try await client.call(.get, "/metrics")
            #expect(text.contains("orchestrator_ready 1"), "\(text)")
            #expect(text.contains(#"orchestrator_upgrades{state="idle"} 0"#))
        }
    }

    @Test func aFailedFoldIsReportedAndWaitersGetItsError() async throws {
        let readiness = Readiness()
        struct Broken: Error, CustomStringConvertible { var description: String { "the disk went away" } }
        let waiter = Task { try await readiness.waitUntilReady() }
        while readiness.waiting == 0 { await Task.yield() }
        readiness.failed(Broken())
        let waited = await waiter.result
        #expect(throws: ReadinessFailure.self) { try waited.get() }
        #expect("\(waited)".contains("the disk went away"), "\(waited)")
        await #expect(throws: ReadinessFailure.self) { try await readiness.waitUntilReady() }
        try await Self.withRouter(readiness) { client in
            let (status, body) = try await client.call(.get, "/readyz")
            #expect(status == .serviceUnavailable)
            #expect(try ClusterFlowTests.json(body) as? [String: String] == ["status": "failed", "reason": "the disk went away"])
            let (api, text) = try await client.call(.get, "/v1/fleet", token: "viewer-token")
            #expect(api == .serviceUnavailable)
            #expect(text.contains("resume_failed"))
        }
    }

    @Test func aServiceStoppedBeforeItWasReadyAnswersItsWaitersAndNeverAnnouncesItself() async throws {
        let announced = Mutex(0)
        let readiness = Readiness { _, _ in announced.withLock { $0 += 1 } }
        let waiter = Task { try await readiness.waitUntilReady() }
        while readiness.waiting == 0 { await Task.yield() }
        readiness.listening(host: "127.0.0.1", port: 8080)
        readiness.stopped()
        readiness.resumed()  // a fold that finishes during the shutdown changes nothing
        let waited = await waiter.result
        #expect(throws: ReadinessFailure.self) { try waited.get() }
        #expect(readiness.phase == .stopped)
        #expect(announced.withLock { $0 } == 0)
    }

    @Test func aCancelledWaiterStopsWaiting() async throws {
        let readiness = Readiness()
        let waiter = Task { try await readiness.waitUntilReady() }
        while readiness.waiting == 0 { await Task.yield() }
        waiter.cancel()
        let waited = await waiter.result
        #expect(throws: CancellationError.self) { try waited.get() }
        #expect(readiness.waiting == 0)
    }

    @Test(arguments: [true, false])
    func readyIsAnnouncedOnceWhenTheServerListensAndTheFoldIsDone(listensFirst: Bool) async throws {
        let announced = Mutex<[String]>([])
        let readiness = Readiness { host, port in announced.withLock { $0.append("\(host):\(port)") } }
        if listensFirst {
            readiness.listening(host: "127.0.0.1", port: 8080)
            #expect(announced.withLock { $0 } == [])
            readiness.resumed()
        } else {
            readiness.resumed()
            #expect(announced.withLock { $0 } == [])
            readiness.listening(host: "127.0.0.1", port: 8080)
        }
        readiness.resumed()
        #expect(announced.withLock { $0 } == ["127.0.0.1:8080"])
        try await readiness.waitUntilReady()
    }

    @Test func theFoldReportsItsProgressUpToEveryClusterAndDeployment() async throws {
        try await ServiceHarness().test { client, store in
            try await ClusterKindTests.profile(client)
            for id in ["store-a", "store-b", "store-c"] {
                #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster(id)).0 == .created)
            }
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: ClusterKindTests.deployment("prod-eu")).0 == .created)
            let seen = Mutex<[[Int]]>([])
            let service = ClusterService(store: store, clock: ManualClock(), metrics: ServiceMetrics(), logger: Logger(label: "test"))
            _ = try await service.resume { folded, total in seen.withLock { $0.append([folded, total]) } }
            let steps = seen.withLock { $0 }
            #expect(steps.first == [0, 4])
            #expect(steps.last == [4, 4])
            #expect(steps.map { $0[0] } == steps.map { $0[0] }.sorted(), "progress only grows: \(steps)")
        }
    }
}
