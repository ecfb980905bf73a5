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
        guard let header = request.headers[.authorization], Self.isBearer(header) else {
            throw APIError.unauthorized
        }
        guard let principal = tokens.principal(for: Self.token(in: header)) else {
            throw APIError.unauthorized
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "principal"] = "\(principal.name)"
        return try await next(request, context)
    }

    /// Whether the header uses the Bearer scheme; scheme names are case-insensitive (RFC 7235).
    static func isBearer(_ header: String) -> Bool {
        let scheme = header.utf8.prefix(7)
        return scheme.count == 7 && scheme.last == 0x20
            && zip(scheme.dropLast(), "bearer".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// The token after `Bearer `, blanks around it dropped (by hand: `trimmingCharacters` costs
    /// more than the token's hash, on every request).
    static func token(in header: String) -> String {
        var bytes = header.utf8.dropFirst(7)
        let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        while let first = bytes.first, blank(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, blank(last) { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
