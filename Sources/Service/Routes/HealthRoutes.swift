import Hummingbird

/// `/healthz` (the process answers), `/readyz` (the store reads), `/metrics` (Prometheus text).
enum HealthRoutes {
    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        router.get("healthz") { _, _ in
            JSONResponse.make(["status": "ok"])
        }
        router.get("readyz") { _, _ in
            let position = try deps.service.store.lastPosition()
            return JSONResponse.make(["status": "ready", "position": "\(position)"])
        }
        router.get("metrics") { _, _ in
            deps.service.metrics.refresh(upgradesByState: try await deps.service.upgradesByState(),
                                         commits: deps.service.store.commitCount)
            let text = deps.service.metrics.exposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
