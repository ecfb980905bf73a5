import Engine
import Hummingbird

/// Publishing, reading and editing profile versions.
enum ProfileRoutes {
    struct EditAnswer: Encodable {
        var profile: String
        /// Cluster id → what the edit did to it.
        var clusters: [String: String]
    }

    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        let service = deps.service
        router.get("v1/profiles") { _, context in
            _ = try context.require(.viewer)
            return JSONResponse.make(["profiles": try await service.catalog.names()])
        }
        router.get("v1/profiles/:name") { _, context in
            _ = try context.require(.viewer)
            let name = try context.pathParameter("name")
            let versions = try await service.catalog.versions(of: name)
            guard !versions.isEmpty else { throw APIError.notFound("profile \(name) has no published version") }
            return JSONResponse.make(["versions": versions])
        }
        router.get("v1/profiles/:name/versions/:version") { _, context in
            _ = try context.require(.viewer)
            let reference = ProfileReferenceBody(name: try context.pathParameter("name"), version: try context.pathParameter("version"))
            guard let document = try await service.catalog.document(reference.reference) else {
                throw APIError.notFound("profile \(reference.reference) is not published")
            }
            return JSONResponse.make(document)
        }
        router.post("v1/profiles") { request, context in
            let principal = try context.require(.operator)
            let document = try await deps.body.decode(ProfileDocument.self, from: request)
            try await service.catalog.publish(document, actor: principal.name, at: service.clock.now())
            return JSONResponse.make(document, status: .created)
        }
        router.put("v1/profiles/:name/versions/:version") { request, context in
            let principal = try context.require(.operator)
            let document = try await deps.body.decode(ProfileDocument.self, from: request)
            guard document.name == (try context.pathParameter("name")), document.version == (try context.pathParameter("version")) else {
                throw APIError.badRequest("the body's name and version must match the path")
            }
            let results = try await service.edit(document, actor: principal.name)
            return JSONResponse.make(EditAnswer(profile: document.reference.description, clusters: results))
        }
    }
}
