import Foundation
import Prometheus
import UpgradeDomain

/// The service's Prometheus metrics: node actions by kind and outcome, append latency, and the
/// gauges (upgrades by state, group-commit batch size) refreshed at each scrape.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let appendLatency: DurationHistogram
    private let appends: Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        appendLatency = registry.makeDurationHistogram(
            descriptor: Self.name("append_latency", unit: "seconds", help: "Time to decide a command and append its events durably"),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1)])
        appends = registry.makeCounter(descriptor: Self.name("appends", unit: "total", help: "Appends made by the service"))
    }

    /// One command decided and appended.
    func recordAppend(_ duration: Duration) {
        appendLatency.record(duration)
        appends.increment()
    }

    /// Counts node step outcomes among `events`.
    func record(_ events: [UpgradeEvent]) {
        for event in events {
            switch event {
            case .nodeStepStarted(let request):
                nodeActions(request.step, "requested").increment()
            case .nodeStepSucceeded(let success):
                nodeActions(success.step, "succeeded").increment()
            case .nodeStepFailed(let failure):
                nodeActions(failure.step, "failed").increment()
            default: break
            }
        }
    }

    private func nodeActions(_ step: NodeStep, _ outcome: String) -> Counter {
        registry.makeCounter(descriptor: Self.name("node_actions", unit: "total", help: "Node actions by kind and outcome"),
                             labels: [("kind", step.rawValue), ("outcome", outcome)])
    }

    /// Sets the scrape-time gauges. `upgradesByState` is nil while the service is still folding the
    /// history: `orchestrator_ready` is then 0 and the upgrade gauges are left out.
    /// `commits` and `appendsCommitted` are the store's: every append it committed (profiles,
    /// overrides, deployments and refusals too, not only the commands `recordAppend` counts), so
    /// the batch size is 1 or more once anything was committed.
    func refresh(upgradesByState: [String: Int]?, commits: Int, appendsCommitted: Int) {
        registry.makeGauge(descriptor: Self.name("ready", help: "1 once the event history is folded and the API serves"))
            .set(to: upgradesByState == nil ? 0 : 1)
        if let upgradesByState {
            for state in UpgradeStatus.Kind.allCases.map(\.rawValue) {
                registry.makeGauge(descriptor: Self.name("upgrades", help: "Clusters by upgrade state"), labels: [("state", state)])
                    .set(to: Double(upgradesByState[state, default: 0]))
            }
        }
        let batch = commits > 0 ? Double(appendsCommitted) / Double(commits) : 0
        registry.makeGauge(descriptor: Self.name("group_commit_batch_size", help: "Appends per group commit (average since start)"))
            .set(to: batch)
    }

    /// `orchestrator_<metric>[_<unit>]`.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "orchestrator", metricName: metric, unitName: unit, helpText: help)
    }

    /// The exposition text.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
