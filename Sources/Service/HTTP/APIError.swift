import Foundation
import Hummingbird

/// An error as the client sees it: a status and a JSON body `{"error": {"code", "message"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A stable machine-readable name (`unauthorized`, `invalid_body`, …).
    public var code: String
    public var message: String
    /// Extra facts, such as the recorded refusal.
    public var details: [String: String]
    /// Response headers the status calls for, such as `Allow` on a 405.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, details: [String: String] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    static let unauthorized = APIError(.unauthorized, code: "unauthorized", "a valid bearer token is required")
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message) }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }
    static func conflict(_ message: String, details: [String: String] = [:]) -> APIError {
        APIError(.conflict, code: "conflict", message, details: details)
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var details: [String: String]?
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details))
        var response = JSONResponse.make(body, status: status)
        response.headers.append(contentsOf: headers)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}
