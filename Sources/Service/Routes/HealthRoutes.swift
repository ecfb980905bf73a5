import Hummingbird

/// `/healthz` (the process answers), `/readyz` (the history is folded and the store reads; 503
/// with the fold's progress before), `/metrics` (Prometheus text).
enum HealthRoutes {
    static func add(to router: ServiceRouter, _ deps: RouteDependencies) {
        router.get("healthz") { _, _ in
            JSONResponse.make(["status": "ok"])
        }
        router.get("readyz") { _, _ in
            switch deps.readiness.phase {
            case .ready:
                let position = try deps.service.store.lastPosition()
                return JSONResponse.make(["status": "ready", "position": "\(position)"])
            case .resuming(let folded, let total):
                return JSONResponse.make(["status": "resuming", "folded": "\(folded)", "total": "\(total)"], status: .serviceUnavailable)
            case .failed(let reason):
                return JSONResponse.make(["status": "failed", "reason": reason], status: .serviceUnavailable)
            case .stopped:
                return JSONResponse.make(["status": "stopping"], status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ in
            // Fleet counts only once the fleet is folded: before, they would fold it here.
            let ready = deps.readiness.isReady
            deps.service.metrics.refresh(upgradesByState: ready ? await deps.service.upgradesByState() : nil,
                                         commits: deps.service.store.commitCount,
                                         appendsCommitted: deps.service.store.committedAppendCount)
            let text = deps.service.metrics.exposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
