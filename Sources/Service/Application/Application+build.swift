import EventStore
import Hummingbird
import Logging
import UpgradeDomain

/// Builds the service: routes, middleware, the deadline ticker. Folds the log first and times
/// out steps that went overdue while the service was down, so in-flight upgrades resume.
/// `onListening` gets the bound host and port once the server accepts connections.
public func buildApplication(
    configuration: ServiceConfiguration, store: EventStore, clock: any ServiceClock, logger: Logger,
    metrics: ServiceMetrics = ServiceMetrics(),
    onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    let server = try ServerBuilder.make(configuration.tls)
    let service = ClusterService(store: store, clock: clock, metrics: metrics, logger: logger)
    _ = try await service.resume()
    let router = buildRouter(configuration: configuration, service: service)
    let ticker = DeadlineTicker(service: service, interval: .milliseconds(max(configuration.tickIntervalMs, 10)))
    return Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "orchestrator"),
        services: [ticker],
        onServerRunning: { channel in
            onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
        },
        logger: logger
    )
}

/// The router alone (tests list its routes against `docs/openapi.yaml`).
func buildRouter(configuration: ServiceConfiguration, service: ClusterService) -> ServiceRouter {
    let router = ServiceRouter(context: ServiceRequestContext.self)
    router.middlewares.add(ErrorMiddleware())
    router.middlewares.add(AuthMiddleware(tokens: TokenBook(configuration.tokens)))
    let deps = RouteDependencies(service: service, body: RequestBody(limit: configuration.bodyLimitBytes),
                                 longPollMax: .milliseconds(configuration.longPollMaxMs))
    HealthRoutes.add(to: router, deps)
    ProfileRoutes.add(to: router, deps)
    ClusterRoutes.add(to: router, deps)
    AgentRoutes.add(to: router, deps)
    AuditRoutes.add(to: router, deps)
    EventStreamRoutes.add(to: router, deps)
    DeploymentRoutes.add(to: router, deps)
    return router
}
