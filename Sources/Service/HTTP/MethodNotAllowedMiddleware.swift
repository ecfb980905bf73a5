import Hummingbird

/// A request whose path a route has, but not with its method: 405 naming both, with `Allow`
/// listing the methods the path accepts. A path no route has goes on to the router's 404.
/// Added after every route, so it stands only in front of the router's not-found answer.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let paths: PathMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = await paths.methods(at: request, context: context), !methods.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        throw APIError(.methodNotAllowed, code: "method_not_allowed",
                       "method \(request.method) not allowed on \(request.uri.path); it accepts \(allow)",
                       details: ["allow": allow], headers: [.allow: allow])
    }
}
