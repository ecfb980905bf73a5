import Hummingbird

/// The methods each registered path accepts, read from the router's own routes (no second list to
/// keep). A probe router holds every registered path once, so the same trie rules (a literal
/// segment before a capture) pick the path for a request as the service's router does.
struct PathMethods: Sendable {
    private let probe: RouterResponder<ServiceRequestContext>

    /// Call once every route is registered: later routes are not seen.
    init(of router: ServiceRouter) {
        let probe = ServiceRouter(context: ServiceRequestContext.self)
        for routes in Dictionary(grouping: router.routes, by: { $0.path.description }).values {
            // The router answers HEAD wherever it answers GET (`autoGenerateHeadEndpoints`).
            var methods = Set(routes.map(\.method.rawValue))
            if methods.contains(HTTPRequest.Method.get.rawValue) { methods.insert(HTTPRequest.Method.head.rawValue) }
            let allow = methods.sorted().joined(separator: ", ")
            probe.on(routes[0].path, method: .get) { _, _ in Response(status: .noContent, headers: [.allow: allow]) }
        }
        self.probe = probe.buildResponder()
    }

    /// The methods a route accepts at `request`'s path, in name order; nil when no route has that path.
    func methods(at request: Request, context: ServiceRequestContext) async -> [HTTPRequest.Method]? {
        var head = request.head
        head.method = .get
        let probed = Request(head: head, body: request.body)  // the probe's routes never read it
        guard let answer = try? await probe.respond(to: probed, context: context), answer.status == .noContent,
              let allow = answer.headers[.allow]
        else { return nil }
        return allow.split(separator: ", ").compactMap { HTTPRequest.Method(String($0)) }
    }
}
