import Hummingbird
import UpgradeDomain

/// Registering clusters, their inventory status, their overrides, profile assignment, state and the fleet.
enum ClusterRoutes {
    /// `{"status": "provisioning" | "running" | "deleting"}`.
    struct StatusBody: Decodable, KeyedBody {
        var status: String
        static let bodyKeys = BodyKeys.object([("status", .anything)])
    }

    struct FleetView: Encodable {
        var clusters: [ClusterView]
        /// Every registered cluster by status, whatever page `clusters` is.
        var byStatus: [String: Int]
        /// The last id of this page, when more follow: the next page's `after`.
        var next: String?
    }

    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        let service = deps.service
        router.post("v1/clusters") { request, context in
            let principal = try context.require(.operator)
            let body = try await deps.body.decode(ClusterRegistration.self, from: request)
            let outcome = try await service.register(body, actor: principal.name)
            return JSONResponse.make(CommandAnswer(cluster: body.id, outcome), status: .created)
        }
        router.get("v1/clusters/:id") { _, context in
            _ = try context.require(.viewer)
            let (cluster, state) = try await service.registered(try context.pathParameter("id"))
            return JSONResponse.make(ClusterView(cluster, state))
        }
        router.get("v1/fleet") { request, context in
            _ = try context.require(.viewer)
            let parameters = request.uri.queryParameters
            let limit = try QueryLimit.parse(parameters.get("limit")) ?? .max
            let after = parameters.get("after")
            // In id order; a page is the ids after `after`. The counts cover the whole fleet.
            let page = try await service.directory.page(after: after, limit: limit)
            let states = try await service.edges.states(of: page.ids)
            let views = states.compactMap { state in state.cluster.map { ClusterView($0, state) } }
            let counts = await service.upgradesByState().filter { $0.value > 0 }
            return JSONResponse.make(FleetView(clusters: views, byStatus: counts, next: page.more ? page.ids.last : nil))
        }
        router.post("v1/clusters/:id/profile") { request, context in
            let principal = try context.require(.operator)
            let id = try context.pathParameter("id")
            let body = try await deps.body.decode(ProfileAssignment.self, from: request)
            let force = try body.minorSkipOverride(actor: principal.name)
            let outcome = try await service.assign(body.target, to: id, actor: principal.name, forceSkipMinor: force)
            return JSONResponse.make(CommandAnswer(cluster: id, outcome), status: .accepted)
        }
        // The inventory's lifecycle status is the management side's to report (the provisioning
        // automation or an operator), not a node agent's: it gates every profile change.
        router.post("v1/clusters/:id/status") { request, context in
            let principal = try context.require(.operator)
            let id = try context.pathParameter("id")
            let body = try await deps.body.decode(StatusBody.self, from: request)
            let status = try ClusterStatus(parsing: body.status, field: "status")
            let outcome = try await service.reportStatus(status, of: id, actor: principal.name)
            return JSONResponse.make(CommandAnswer(cluster: id, outcome))
        }
        router.get("v1/clusters/:id/overrides") { _, context in
            _ = try context.require(.viewer)
            let id = try context.pathParameter("id")
            _ = try await service.registered(id)
            return JSONResponse.make(try await service.overrides.document(of: id))
        }
        router.put("v1/clusters/:id/overrides") { request, context in
            let principal = try context.require(.operator)
            let id = try context.pathParameter("id")
            let document = try await deps.body.decode(ClusterOverrides.Document.self, from: request)
            let outcome = try await service.setOverrides(document, on: id, actor: principal.name)
            return JSONResponse.make(OverridesAnswer(document: document, outcome))
        }
        for verb in OperatorVerb.allCases {
            router.post("v1/clusters/:id/\(verb.rawValue)") { request, context in
                let principal = try context.require(verb.role)
                let id = try context.pathParameter("id")
                let bytes = try await deps.body.bytes(of: request)
                let comment = bytes.isEmpty ? nil : try deps.body.decode(CommentBody.self, fromData: bytes)
                let outcome = try await service.operatorCommand(verb, on: id, actor: principal.name, comment: comment?.comment ?? "",
                                                                upgrade: try comment?.namedUpgrade(), separateApprover: deps.separateApprover)
                return JSONResponse.make(CommandAnswer(cluster: id, outcome))
            }
        }
    }
}
