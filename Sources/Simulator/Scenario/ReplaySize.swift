import Foundation

/// How large a replay is: every class's clusters at `--scale`, each cluster's nodes (control plane
/// and workers, or a template cluster's machines), and the memory they take. A replay holds every
/// cluster's folded state in memory until its report is made, and memory goes by cluster as well
/// as by node, more for a template cluster (its Cluster API objects) than for an edge one, so a
/// replay whose fleet would need more than `memoryBudget` is refused before anything is written,
/// with the counts asked for, the estimate and a `--scale` that fits (ADR 0022).
public enum ReplaySize {
    /// The most memory a replay's fleet may be estimated to need: under half of the 24 GiB of the
    /// machines this project builds on, leaving room for the store's mapped pages and other work.
    public static let memoryBudget = 10_000_000_000

    /// Bytes a replay holds for each cluster and each node, measured with release builds and
    /// rounded up (ADR 0022): 500,000 edge clusters of one node in 2.0 GB and of 10 nodes in 6.9 GB;
    /// template deployments of 6 machines about 30 KB each, and 2.9 KB for each machine more.
    static let edgeClusterBytes = 5_000
    static let edgeNodeBytes = 1_400
    static let templateClusterBytes = 13_000
    static let templateMachineBytes = 3_000

    /// A class's cluster count at `scale`: rounded, and at least 1.
    static func count(_ cls: ClusterClass, scale: Double) -> Int {
        scale == 1 ? cls.count : max(1, Int((Double(cls.count) * scale).rounded()))
    }

    /// The clusters and nodes `scenario` simulates at `scale` (each saturating at `Int.max`), and
    /// the memory they are estimated to need (saturating likewise).
    public static func measure(_ scenario: Scenario, scale: Double) -> (clusters: Int, nodes: Int, bytes: Int) {
        var clusters = 0, nodes = 0, bytes = 0
        for cls in scenario.fleet {
            let count = count(cls, scale: scale)
            let nodesEach = cls.controlPlaneNodes.saturatingAdd(cls.workerNodes)
            let perNode = cls.isTemplate ? templateMachineBytes : edgeNodeBytes
            let perCluster = (cls.isTemplate ? templateClusterBytes : edgeClusterBytes).saturatingAdd(perNode.saturatingMultiply(nodesEach))
            clusters = clusters.saturatingAdd(count)
            nodes = nodes.saturatingAdd(count.saturatingMultiply(nodesEach))
            bytes = bytes.saturatingAdd(count.saturatingMultiply(perCluster))
        }
        return (clusters, nodes, bytes)
    }

    /// Refuses a replay whose fleet is estimated to need more than `memoryBudget`, naming
    /// `$.fleet`, the counts asked for, the estimate and a `--scale` under which it fits, when one
    /// does.
    public static func check(_ scenario: Scenario, scale: Double) throws(ScenarioError) {
        let (clusters, nodes, bytes) = measure(scenario, scale: scale)
        guard bytes > memoryBudget else { return }
        let asked = "the fleet is \(grouped(nodes)) nodes in \(grouped(clusters)) clusters"
            + (scale == 1 ? "" : " at --scale \(scale == scale.rounded() ? String(Int(scale)) : String(scale))")
        let limit = "some \(gigabytes(bytes)) GB of memory to replay, more than the \(gigabytes(memoryBudget)) GB one replay may use"
        guard let fitting = fittingScale(scenario, bytes: bytes, scale: scale) else {
            throw ScenarioError(path: "$.fleet", problem: "\(asked), \(limit); make its classes fewer or smaller")
        }
        throw ScenarioError(path: "$.fleet", problem: "\(asked), \(limit); replay a sample with --scale \(fitting) or less")
    }

    /// The largest `--scale` of one significant digit (`0.3`, `0.05`) under which the fleet fits, as
    /// text; nil when none from 0.000000001 up does (too many classes: each keeps one cluster).
    private static func fittingScale(_ scenario: Scenario, bytes: Int, scale: Double) -> String? {
        let ideal = scale * Double(memoryBudget) / Double(bytes)
        var exponent = Int(log10(ideal).rounded(.down))
        var digit = Int((ideal / pow(10, Double(exponent))).rounded(.down))
        while exponent >= -9 {
            let text = exponent >= 0
                ? String(digit) + String(repeating: "0", count: exponent)
                : "0." + String(repeating: "0", count: -exponent - 1) + String(digit)
            if let value = Double(text), value > 0, measure(scenario, scale: value).bytes <= memoryBudget { return text }
            if digit > 1 { digit -= 1 } else { (digit, exponent) = (9, exponent - 1) }
        }
        return nil
    }

    /// Bytes as gigabytes: one decimal under 100 GB (`32.0`), whole and grouped from there.
    static func gigabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1e9
        return value < 100 ? String(format: "%.1f", value) : grouped(Int(value.rounded()))
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

private extension Int {
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    func saturatingMultiply(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
