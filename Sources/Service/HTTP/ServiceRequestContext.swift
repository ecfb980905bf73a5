import Hummingbird

/// The request context of every route: the core storage plus the authenticated principal.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware`; nil on the open routes (`/healthz`, `/readyz`, `/metrics`).
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// The principal, if it reaches `minimum`; 401 without one, 403 when the role falls short.
    func require(_ minimum: Role) throws(APIError) -> Principal {
        guard let principal else { throw .unauthorized }
        guard principal.reaches(minimum) else {
            throw .forbidden("role \(principal.role.rawValue) may not do this; it needs \(minimum.rawValue) or above")
        }
        return principal
    }

    /// The principal, if it is the agent of `cluster`.
    func requireAgent(of cluster: String) throws(APIError) -> Principal {
        guard let principal else { throw .unauthorized }
        guard principal.role == .agent else { throw .forbidden("only an agent token may do this") }
        guard principal.cluster == cluster else {
            throw .forbidden("this agent token is scoped to cluster \(principal.cluster ?? "none"), not \(cluster)")
        }
        return principal
    }
}
