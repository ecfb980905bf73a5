import Hummingbird

/// Template-based deployments: register, move to a template, read status, and feed Cluster API
/// watch events (`kubectl get … -o json --watch --output-watch-events`).
enum DeploymentRoutes {
    struct Answer: Encodable {
        var events: [String]
        var deployment: DeploymentView?
    }

    /// `GET /v1/deployments`: a page of the registered deployments, the twin of `/v1/fleet`.
    struct DeploymentsPage: Encodable {
        var deployments: [DeploymentView]
        /// Every registered deployment by status (`Not upgrading`, `Upgrade in Progress`, …),
        /// whatever page `deployments` is.
        var byStatus: [String: Int]
        /// The last id of this page, when more follow: the next page's `after`.
        var next: String?
    }

    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        let service = deps.service
        router.get("v1/deployments") { request, context in
            _ = try context.require(.viewer)
            let parameters = request.uri.queryParameters
            let limit = try QueryLimit.parse(parameters.get("limit")) ?? .max
            let page = try await service.deploymentDirectory.page(after: parameters.get("after"), limit: limit)
            var views: [DeploymentView] = []
            for id in page.ids {
                let state = try await service.deployments.state(of: id).state
                if let deployment = state.deployment { views.append(DeploymentView(deployment, state)) }
            }
            var counts: [String: Int] = [:]
            for id in try await service.deploymentDirectory.all() {
                counts[try await service.deployments.state(of: id).state.status.label, default: 0] += 1
            }
            return JSONResponse.make(DeploymentsPage(deployments: views, byStatus: counts, next: page.more ? page.ids.last : nil))
        }
        router.post("v1/deployments") { request, context in
            let principal = try context.require(.operator)
            let body = try await deps.body.decodeExactVariables(DeploymentRegistration.self, from: request)
            let outcome = try await service.registerDeployment(body, actor: principal.name)
            return JSONResponse.make(Answer(events: outcome.events.map(\.typeName), deployment: outcome.state.deployment.map { DeploymentView($0, outcome.state) }), status: .created)
        }
        router.get("v1/deployments/:id") { _, context in
            _ = try context.require(.viewer)
            let (deployment, state) = try await service.deployment(try context.pathParameter("id"))
            return JSONResponse.make(DeploymentView(deployment, state))
        }
        router.post("v1/deployments/:id/template") { request, context in
            let principal = try context.require(.operator)
            let id = try context.pathParameter("id")
            let body = try await deps.body.decodeExactVariables(TemplateChangeBody.self, from: request)
            let outcome = try await service.changeTemplate(body, on: id, actor: principal.name)
            return JSONResponse.make(Answer(events: outcome.events.map(\.typeName), deployment: outcome.state.deployment.map { DeploymentView($0, outcome.state) }), status: .accepted)
        }
        router.post("v1/deployments/:id/watch") { request, context in
            let principal = try context.require(.operator)
            let answer = try await service.ingestWatch(deps.body, from: request, into: try context.pathParameter("id"), actor: principal.name)
            return JSONResponse.make(answer)
        }
    }
}
