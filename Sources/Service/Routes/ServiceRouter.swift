import Hummingbird

/// The router the service uses: typed context, errors as JSON, then authentication.
typealias ServiceRouter = Router<ServiceRequestContext>

/// What routes need: the cluster service, the request body reader, and whether the API serves yet.
struct RouteDependencies: Sendable {
    let service: ClusterService
    let body: RequestBody
    let longPollMax: Duration
    let readiness: Readiness
    /// `ServiceConfiguration.requireSeparateApprover`.
    let separateApprover: Bool
}
