import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// Every role against every route: 401 without a token, 403 for a role that falls short or an
/// agent of another cluster, and anything but 401/403 for a role that may call the route.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    enum Needs: String, CustomStringConvertible {
        case open, viewer, `operator`, approver, agentOfA
        var description: String { rawValue }
    }

    struct Route: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var needs: Needs
        init(_ method: HTTPRequest.Method, _ path: String, _ needs: Needs) {
            self.method = method
            self.path = path
            self.needs = needs
        }
    }

    static let routes: [Route] = [
        Route(.get, "/healthz", .open), Route(.get, "/readyz", .open), Route(.get, "/metrics", .open),
        Route(.get, "/v1/profiles", .viewer), Route(.get, "/v1/profiles/retail", .viewer),
        Route(.get, "/v1/profiles/retail/versions/1.0.0", .viewer), Route(.post, "/v1/profiles", .operator),
        Route(.put, "/v1/profiles/retail/versions/1.0.0", .operator),
        Route(.post, "/v1/clusters", .operator), Route(.get, "/v1/clusters/store-a", .viewer), Route(.get, "/v1/fleet", .viewer),
        Route(.post, "/v1/clusters/store-a/profile", .operator), Route(.post, "/v1/clusters/store-a/status", .operator),
        Route(.get, "/v1/clusters/store-a/overrides", .viewer), Route(.put, "/v1/clusters/store-a/overrides", .operator),
        Route(.post, "/v1/clusters/store-a/approve", .approver), Route(.post, "/v1/clusters/store-a/deny", .approver),
        Route(.post, "/v1/clusters/store-a/pause", .operator), Route(.post, "/v1/clusters/store-a/resume", .operator),
        Route(.post, "/v1/clusters/store-a/cancel", .operator),
        Route(.get, "/v1/agents/store-a/next-action?timeout=0", .agentOfA), Route(.post, "/v1/agents/store-a/reports", .agentOfA),
        Route(.post, "/v1/agents/store-a/health", .agentOfA),
        Route(.post, "/v1/deployments", .operator), Route(.get, "/v1/deployments", .viewer), Route(.get, "/v1/deployments/prod-eu", .viewer),
        Route(.post, "/v1/deployments/prod-eu/template", .operator), Route(.post, "/v1/deployments/prod-eu/watch", .operator),
        Route(.get, "/v1/audit?limit=5", .viewer), Route(.get, "/v1/events?from=0", .viewer),
    ]

    static let tokens: [(String?, Role?, String?)] = [
        (nil, nil, nil), ("viewer-token", .viewer, nil), ("operator-token", .operator, nil),
        ("approver-token", .approver, nil), ("agent-a-token", .agent, "store-a"), ("agent-b-token", .agent, "store-b"),
    ]

    static func allowed(_ needs: Needs, _ role: Role?, _ cluster: String?) -> Bool {
        switch needs {
        case .open: true
        case .viewer: role.map { $0 != .agent && $0 >= .viewer } ?? false
        case .operator: role.map { $0 != .agent && $0 >= .operator } ?? false
        case .approver: role == .approver
        case .agentOfA: role == .agent && cluster == "store-a"
        }
    }

    @Test func everyRoleAgainstEveryRoute() async throws {
        try await ServiceHarness().test { client, store in
            for route in Self.routes {
                let (method, path, needs) = (route.method, route.path, route.needs)
                for (token, role, cluster) in Self.tokens {
                    let body: String? = method == .get ? nil : "{}"
                    let (status, text) = try await client.call(method, path, token: token, json: body)
                    if Self.allowed(needs, role, cluster) {
                        #expect(status != .unauthorized && status != .forbidden, "\(method) \(path) as \(role?.rawValue ?? "nobody"): \(status) \(text)")
                    } else if token == nil {
                        #expect(status == .unauthorized, "\(method) \(path) without a token: \(status)")
                    } else {
                        #expect(status == .forbidden, "\(method) \(path) as \(role?.rawValue ?? "") of \(cluster ?? "-"): \(status) \(text)")
                    }
                }
            }
            #expect(try store.lastPosition() == 0)  // nothing in the matrix was a valid write
        }
    }
}
