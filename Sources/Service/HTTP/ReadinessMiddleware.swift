import Hummingbird

/// Until the service has folded the history, every route but the open ones (health, readiness,
/// metrics) answers 503 `resuming` with `Retry-After`, so no request sees a fleet half folded.
struct ReadinessMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let readiness: Readiness

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !AuthMiddleware.openPaths.contains(request.uri.path), let refusal = Self.refusal(readiness.phase) else {
            return try await next(request, context)
        }
        var response = try refusal.response(from: request, context: context)
        response.headers[.retryAfter] = "1"
        return response
    }

    /// The answer while not ready; nil once ready.
    static func refusal(_ phase: Readiness.Phase) -> APIError? {
        switch phase {
        case .resuming(let folded, let total):
            APIError(.serviceUnavailable, code: "resuming",
                     "the service is folding the event history (\(folded) of \(total) clusters and deployments); retry shortly",
                     details: ["folded": "\(folded)", "total": "\(total)"])
        case .failed(let reason):
            APIError(.serviceUnavailable, code: "resume_failed", "the service could not fold the event history: \(reason)")
        case .stopped:
            APIError(.serviceUnavailable, code: "shutting_down", "the service is stopping")
        case .ready:
            nil
        }
    }
}
