import Foundation

/// How large a replay is: every class's clusters at `--scale`, and each cluster's nodes (control
/// plane and workers, or a template cluster's machines). A replay holds every cluster's folded
/// state in memory until its report is made, and memory goes both by cluster and by node, so one
/// that asks for more clusters or more nodes than a machine can hold is refused before anything is
/// written, with the counts asked for and the limit (ADR 0022).
public enum ReplaySize {
    /// The most nodes one replay simulates: 500,000 clusters of 10 nodes replayed in 6.9 GB.
    public static let maximumNodes = 5_000_000
    /// The most clusters one replay simulates: a cluster costs some kilobytes whatever its nodes,
    /// and 5,000,000 one-node clusters ran out of the machine's 24 GiB.
    public static let maximumClusters = 1_000_000

    /// A class's cluster count at `scale`: rounded, and at least 1.
    static func count(_ cls: ClusterClass, scale: Double) -> Int {
        scale == 1 ? cls.count : max(1, Int((Double(cls.count) * scale).rounded()))
    }

    /// The clusters and nodes `scenario` simulates at `scale` (each saturating at `Int.max`).
    public static func measure(_ scenario: Scenario, scale: Double) -> (clusters: Int, nodes: Int) {
        var clusters = 0, nodes = 0
        for cls in scenario.fleet {
            let count = count(cls, scale: scale)
            let (classNodes, overflow) = count.multipliedReportingOverflow(by: cls.controlPlaneNodes + cls.workerNodes)
            clusters = clusters.addingReportingOverflow(count).overflow ? Int.max : clusters + count
            nodes = overflow || nodes.addingReportingOverflow(classNodes).overflow ? Int.max : nodes + classNodes
        }
        return (clusters, nodes)
    }

    /// Whether a fleet of these counts is one a replay simulates.
    static func fits(clusters: Int, nodes: Int) -> Bool {
        clusters <= maximumClusters && nodes <= maximumNodes
    }

    /// Refuses a replay of more than `maximumNodes` nodes or `maximumClusters` clusters, naming
    /// `$.fleet`, the counts asked for, the limit passed (nodes first) and a `--scale` under which
    /// it fits, when one does.
    public static func check(_ scenario: Scenario, scale: Double) throws(ScenarioError) {
        let (clusters, nodes) = measure(scenario, scale: scale)
        guard !fits(clusters: clusters, nodes: nodes) else { return }
        let asked = "the fleet is \(grouped(nodes)) nodes in \(grouped(clusters)) clusters" + (scale == 1 ? "" : " at --scale \(scale == scale.rounded() ? String(Int(scale)) : String(scale))")
        let limit = nodes > maximumNodes
            ? "more than the \(grouped(maximumNodes)) nodes one replay simulates"
            : "more than the \(grouped(maximumClusters)) clusters one replay simulates"
        guard let fitting = fittingScale(scenario, clusters: clusters, nodes: nodes, scale: scale) else {
            throw ScenarioError(path: "$.fleet", problem: "\(asked), \(limit); make its classes fewer or smaller")
        }
        throw ScenarioError(path: "$.fleet", problem: "\(asked), \(limit); replay a sample with --scale \(fitting) or less")
    }

    /// The largest `--scale` of one significant digit (`0.3`, `0.05`) under which the fleet fits, as
    /// text; nil when none from 0.000000001 up does (too many classes: each keeps one cluster).
    private static func fittingScale(_ scenario: Scenario, clusters: Int, nodes: Int, scale: Double) -> String? {
        let ideal = scale * min(Double(maximumNodes) / Double(nodes), Double(maximumClusters) / Double(clusters))
        var exponent = Int(log10(ideal).rounded(.down))
        var digit = Int((ideal / pow(10, Double(exponent))).rounded(.down))
        while exponent >= -9 {
            let text = exponent >= 0
                ? String(digit) + String(repeating: "0", count: exponent)
                : "0." + String(repeating: "0", count: -exponent - 1) + String(digit)
            if let value = Double(text), value > 0 {
                let counts = measure(scenario, scale: value)
                if fits(clusters: counts.clusters, nodes: counts.nodes) { return text }
            }
            if digit > 1 { digit -= 1 } else { (digit, exponent) = (9, exponent - 1) }
        }
        return nil
    }

    /// `12345678` as `12,345,678`.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var text = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
