import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import Service

/// A service on a fresh store in a temporary folder, with one token per role.
struct ServiceHarness {
    static let tokens: [String: TokenRecord] = [
        "viewer-token": TokenRecord(name: "vera", role: .viewer, sha256: TokenBook.hash("viewer-token")),
        "operator-token": TokenRecord(name: "olga", role: .operator, sha256: TokenBook.hash("operator-token")),
        "approver-token": TokenRecord(name: "alice", role: .approver, sha256: TokenBook.hash("approver-token")),
        "agent-a-token": TokenRecord(name: "agent-a", role: .agent, sha256: TokenBook.hash("agent-a-token"), cluster: "store-a"),
        "agent-b-token": TokenRecord(name: "agent-b", role: .agent, sha256: TokenBook.hash("agent-b-token"), cluster: "store-b"),
    ]

    let folder = NSTemporaryDirectory() + "orchestrator-service-\(UUID().uuidString)"
    let clock = ManualClock()
    var configuration = ServiceConfiguration(port: 0, bodyLimitBytes: 64 * 1024, tokens: Array(tokens.values).sorted { $0.name < $1.name })

    /// Where the service holds a request for a test (`ServiceHooks`); none by default.
    var hooks = ServiceHooks()

    /// Runs `body` against the router in process (or, with `.live`, the server on loopback), then
    /// closes and removes the store.
    func test(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol, EventStore) async throws -> Void) async throws {
        try await test(setup) { client, store, _ in try await body(client, store) }
    }

    /// `test`, with the service behind the routes.
    func test(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol, EventStore, ClusterService) async throws -> Void
    ) async throws {
        let store = try EventStore.open(at: folder)
        defer {
            store.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let readiness = Readiness()
        let service = ClusterService(store: store, clock: clock, metrics: ServiceMetrics(), logger: logger, hooks: hooks)
        let app = try buildApplication(configuration: configuration, service: service, readiness: readiness)
        try await app.test(setup) { client in
            try await readiness.waitUntilReady()
            try await body(client, store, service)
        }
    }
}

extension TestClientProtocol {
    /// A request with a bearer token and a JSON body; returns status and body text.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            (response.status, String(buffer: response.body))
        }
    }
}

/// Request bodies for a small RKE2 fleet.
enum Fixtures {
    static func profile(_ version: String, kubernetes: String = "v1.30.4+rke2r1", os: String = "1.0.0") -> String {
        """
        {"name":"retail","version":"\(version)","distribution":"rke2","packs":[
          {"layer":"os","name":"edge-native-byoi","version":"\(os)","values":"options:\\n  system.registry: registry.example\\n"},
          {"layer":"kubernetes","name":"edge-rke2","version":"\(kubernetes)"},
          {"layer":"network","name":"cni-calico","version":"3.28.0"}]}
        """
    }

    static func cluster(_ id: String, workers: Int = 2) -> String {
        let names = (1...workers).map { "\"\(id)-w\($0)\"" }.joined(separator: ",")
        return """
        {"id":"\(id)","profile":{"name":"retail","version":"1.0.0"},"pools":[
          {"id":"control-plane","role":"control-plane","nodes":["\(id)-cp1"],"maxSurge":"0","maxUnavailable":"1"},
          {"id":"workers","role":"worker","nodes":[\(names)],"maxSurge":"0","maxUnavailable":"1"}]}
        """
    }
}
