import Engine
import EventStore
import Foundation
import Hummingbird
import UpgradeDomain

/// The one place where errors become HTTP statuses and JSON bodies.
enum ErrorMapping {
    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let api as APIError:
            return api
        case let http as HTTPError:
            return APIError(http.status, code: code(for: http.status), http.body ?? http.status.reasonPhrase)
        case let refusal as CommandRefusal:
            let hint = RefusalHint.hint(for: refusal).map { "; \($0)" } ?? ""
            return .conflict("\(refusal.command) refused: \(RefusalText.describe(refusal.reason))\(hint)",
                             details: ["command": refusal.command, "reason": RefusalText.name(refusal.reason)])
        case let kinds as ClusterKindConflict:
            return .conflict(kinds.description, details: ["registered": kinds.registered.rawValue, "requested": kinds.requested.rawValue])
        case let values as PackValuesError:
            return APIError(.badRequest, code: "invalid_values", "pack values: \(values)")
        case let store as EventStoreError:
            switch store {
            case .wrongExpectedRevision: return .conflict("another writer changed this stream first; retry")
            case .diskFull: return APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), code: "disk_full", store.description)
            case .closed: return APIError(.serviceUnavailable, code: "shutting_down", "the store is closed")
            default: return APIError(.internalServerError, code: "store", store.description)
            }
        default:
            return APIError(.internalServerError, code: "internal", "\(error)")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "body_too_large"
        default: status.code >= 500 ? "internal" : "bad_request"
        }
    }
}

/// Turns every thrown error into an `APIError` (so every failure is a JSON body).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let http as HTTPError where http.status == .notFound && http.body == nil {
            // The router matched no route: say which request that was.
            throw APIError(.notFound, code: "not_found", "no route \(request.method) \(request.uri.path) (docs/openapi.yaml lists them)")
        } catch {
            let mapped = ErrorMapping.apiError(for: error)
            if mapped.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            throw mapped
        }
    }
}
