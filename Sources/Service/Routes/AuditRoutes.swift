import Engine
import EventStore
import Foundation
import Hummingbird
import UpgradeDomain

/// `GET /v1/audit`: the filters of `orchestrator audit` as query parameters.
enum AuditRoutes {
    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        router.get("v1/audit") { request, context in
            _ = try context.require(.viewer)
            let query = try Self.query(request.uri.queryParameters)
            let events = try query.run(on: deps.service.store)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: EventView.list(events))))
        }
    }

    /// cluster (repeatable), upgrade (UUID, repeatable), type (repeatable), actor (repeatable), since and until (RFC 3339 or epoch ms),
    /// fromPosition, limit.
    static func query(_ parameters: Parameters) throws -> AuditQuery {
        var query = AuditQuery()
        query.clusters = parameters.getAll("cluster")
        query.upgrades = try parameters.getAll("upgrade").map { text in
            guard let id = UUID(uuidString: text) else { throw APIError.badRequest("upgrade \(text) is not a UUID") }
            return id
        }
        query.types = parameters.getAll("type")
        query.actors = parameters.getAll("actor")
        for (name, value) in query.types.map({ ("type", $0) }) + query.actors.map({ ("actor", $0) }) {
            if let problem = KeyName.problem(with: value) {
                throw APIError.badRequest("query parameter \(name) \(problem) (1 to \(KeyName.maxBytes) bytes)")
            }
        }
        for cluster in query.clusters {
            if cluster.isEmpty { throw APIError.badRequest("query parameter cluster is empty") }
            guard let problem = KeyName.problem(with: "cluster/" + cluster) else { continue }
            throw APIError.badRequest("query parameter cluster: its stream, cluster/ID, \(problem) (1 to \(KeyName.maxBytes) bytes)")
        }
        query.sinceMs = try parameters.get("since").map { try time($0, "since") }
        query.untilMs = try parameters.get("until").map { try time($0, "until") }
        if let text = parameters.get("fromPosition") {
            guard let position = UInt64(text), position >= 1 else {
                throw APIError.badRequest("fromPosition \(text) is not a position (1 or more)")
            }
            query.fromPosition = position
        }
        if let limit = try QueryLimit.parse(parameters.get("limit"), maximum: 10_000) { query.limit = limit }
        return query
    }

    static func time(_ text: String, _ name: String) throws -> Int64 {
        if let ms = Int64(text) { return ms }
        // The first whole millisecond at or after the time: since keeps what was recorded from then, until what came before.
        if let ms = RFC3339.millisecondBounds(from: text)?.atOrAfter { return ms }
        throw APIError.badRequest("\(name) \(text) is neither RFC 3339 nor epoch milliseconds")
    }
}
