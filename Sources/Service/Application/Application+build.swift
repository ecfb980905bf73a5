import EventStore
import Hummingbird
import Logging
import UpgradeDomain

/// Builds the service: routes, middleware, and the background work. The server accepts
/// connections at once; the background work folds the log and times out steps that went overdue
/// while the service was down (so in-flight upgrades resume), then the API serves. `readiness`
/// tells how far that is and, through its `onReady`, the bound host and port once the server
/// accepts connections and the API serves. A fold that fails calls `stopGracefully` (which should
/// begin a graceful shutdown of the group running the application), then the application throws
/// the failure; without it the failure cancels the application at once.
public func buildApplication(
    configuration: ServiceConfiguration, store: EventStore, clock: any ServiceClock, logger: Logger,
    metrics: ServiceMetrics = ServiceMetrics(), readiness: Readiness = Readiness(),
    stopGracefully: (@Sendable () async -> Void)? = nil
) throws -> some ApplicationProtocol {
    try buildApplication(configuration: configuration, service: ClusterService(store: store, clock: clock, metrics: metrics, logger: logger),
                         readiness: readiness, stopGracefully: stopGracefully)
}

/// `buildApplication` around a service already made (a test's, with its hooks).
func buildApplication(
    configuration: ServiceConfiguration, service: ClusterService, readiness: Readiness,
    stopGracefully: (@Sendable () async -> Void)? = nil
) throws -> some ApplicationProtocol {
    let logger = service.logger
    let server = try ServerBuilder.make(configuration.tls)
    let router = buildRouter(configuration: configuration, service: service, readiness: readiness)
    let background = BackgroundWork(service: service, interval: .milliseconds(max(configuration.tickIntervalMs, 10)), readiness: readiness,
                                    stopGracefully: stopGracefully)
    return Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "orchestrator"),
        services: [background],
        onServerRunning: { channel in
            readiness.listening(host: configuration.host, port: channel.localAddress?.port ?? configuration.port)
        },
        logger: logger
    )
}

/// The router alone (tests list its routes against `docs/openapi.yaml`).
func buildRouter(configuration: ServiceConfiguration, service: ClusterService, readiness: Readiness) -> ServiceRouter {
    // HEAD on a GET route answers as GET does, without the body (RFC 9110, 9.3.2).
    let router = ServiceRouter(context: ServiceRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.middlewares.add(ErrorMiddleware())
    router.middlewares.add(AuthMiddleware(tokens: TokenBook(configuration.tokens)))
    router.middlewares.add(ReadinessMiddleware(readiness: readiness))
    router.middlewares.add(QueryEncodingMiddleware())
    let deps = RouteDependencies(service: service, body: RequestBody(limit: configuration.bodyLimitBytes),
                                 longPollMax: .milliseconds(configuration.longPollMaxMs), readiness: readiness,
                                 separateApprover: configuration.requireSeparateApprover)
    HealthRoutes.add(to: router, deps)
    ProfileRoutes.add(to: router, deps)
    ClusterRoutes.add(to: router, deps)
    AgentRoutes.add(to: router, deps)
    AuditRoutes.add(to: router, deps)
    EventStreamRoutes.add(to: router, deps)
    DeploymentRoutes.add(to: router, deps)
    // After the routes: it reaches only requests no route matched, and learns their paths from them.
    router.middlewares.add(MethodNotAllowedMiddleware(paths: PathMethods(of: router)))
    return router
}
