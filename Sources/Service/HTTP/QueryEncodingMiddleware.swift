import Foundation
import Hummingbird

/// A query whose percent-encoding does not decode (`%zz`, or bytes that are not UTF-8 such as
/// `%FF`) is a 400 naming the parameter, as a path is, instead of reaching a route as literal
/// text or replacement characters.
struct QueryEncodingMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let query = request.uri.query, let problem = Self.problem(in: query) { throw APIError.badRequest(problem) }
        return try await next(request, context)
    }

    /// The first parameter of `query` (its raw text) that does not decode, as a message.
    static func problem(in query: String) -> String? {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard let decodedName = name.removingPercentEncoding else {
                return "the query parameter name \(name) is not valid percent-encoding"
            }
            if parts.count == 2, String(parts[1]).removingPercentEncoding == nil {
                return "query parameter \(decodedName): \(parts[1]) is not valid percent-encoding"
            }
        }
        return nil
    }
}
