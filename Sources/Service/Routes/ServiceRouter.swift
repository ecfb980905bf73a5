import Hummingbird

/// The router the service uses: typed context, errors as JSON, then authentication.
typealias ServiceRouter = Router<ServiceRequestContext>

/// What routes need: the cluster service and the request body reader.
struct RouteDependencies: Sendable {
    let service: ClusterService
    let body: RequestBody
    let longPollMax: Duration
}
