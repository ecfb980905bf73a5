import Foundation
import Hummingbird

/// Authenticates bearer tokens; the open paths (health, readiness, metrics) pass without one.
/// Authorisation (which role, which cluster) is checked by each route through the context.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let tokens: TokenBook
    static let openPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthorized
        }
        guard let principal = tokens.principal(for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "principal"] = "\(principal.name)"
        return try await next(request, context)
    }
}
