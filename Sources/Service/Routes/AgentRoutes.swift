import Hummingbird
import UpgradeDomain

/// Node agents: the next action (long poll), step reports, Kubernetes health reports.
enum AgentRoutes {
    struct Actions: Encodable {
        var cluster: String
        var actions: [NodeActionView]
    }

    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        let service = deps.service
        router.get("v1/agents/:cluster/next-action") { request, context in
            let cluster = try context.pathParameter("cluster")
            _ = try context.requireAgent(of: cluster)
            let timeout = try Self.timeout(request, max: deps.longPollMax)
            let node = request.uri.queryParameters.get("node")
            let actions = try await service.nextActions(for: cluster, node: node, timeout: timeout)
            if actions.isEmpty { return Response(status: .noContent) }
            return JSONResponse.makeCompact(Actions(cluster: cluster, actions: actions.map(NodeActionView.init)))
        }
        router.post("v1/agents/:cluster/reports") { request, context in
            let cluster = try context.pathParameter("cluster")
            let principal = try context.requireAgent(of: cluster)
            let data = try await deps.body.bytes(of: request)
            let body = try data.withUnsafeBytes(NodeReportBody.init(flat:)) ?? deps.body.decode(NodeReportBody.self, fromData: data)
            let answer = try await service.report(body, for: cluster, actor: principal.name)
            return JSONResponse.make(json: answer.json, status: answer.applied ? .ok : .accepted)
        }
        router.post("v1/agents/:cluster/health") { request, context in
            let cluster = try context.pathParameter("cluster")
            let principal = try context.requireAgent(of: cluster)
            let data = try await deps.body.bytes(of: request)
            let body = try data.withUnsafeBytes(KubernetesHealthBody.init(flat:))
                ?? deps.body.decode(KubernetesHealthBody.self, fromData: data)
            guard let health = KubernetesHealth(rawValue: body.kubernetes) else {
                throw APIError.badRequest("kubernetes \(body.kubernetes) is not healthy or down")
            }
            _ = try await service.registered(cluster)
            let outcome = try await service.executeAccepted(.reportKubernetesHealth(health, at: service.clock.now()),
                                                            on: cluster, actor: principal.name)
            return JSONResponse.make(CommandAnswer(cluster: cluster, outcome))
        }
    }

    /// `timeout` in milliseconds (default 0: answer at once), capped at the configured maximum.
    static func timeout(_ request: Request, max: Duration) throws -> Duration {
        guard let text = request.uri.queryParameters.get("timeout") else { return .zero }
        guard let ms = Int(text), ms >= 0 else { throw APIError.badRequest("timeout \(text) is not a number of milliseconds") }
        return Swift.min(.milliseconds(ms), max)
    }
}
