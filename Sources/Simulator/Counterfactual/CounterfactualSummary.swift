import Engine

/// The lines that set a re-run beside what was recorded.
public enum CounterfactualSummary {
    public static func lines(recorded: RecordedHistory, rerun: SimulationReport, policyFile: String) -> [String] {
        let outcomes = Dictionary(grouping: recorded.clusters.compactMap(\.outcome), by: { $0 })
            .map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
            .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let delta = rerun.makespanMs - recorded.makespanMs
        let sign = delta < 0 ? "−" : "+"
        var lines = [
            "counterfactual:        \(recorded.clusters.count) recorded clusters under \(policyFile)",
            "recorded makespan:     \(SimulationReport.span(recorded.makespanMs)) (\(outcomes.isEmpty ? "no upgrade ended" : outcomes))",
            "with this policy:      \(SimulationReport.span(rerun.makespanMs)) (\(sign)\(SimulationReport.span(abs(delta))))",
        ]
        if recorded.laterChanges > 0 {
            lines.append("not re-run:            \(CountText.of(recorded.laterChanges, "later change")) on "
                + "\(CountText.of(recorded.clustersWithLaterChanges, "cluster")) (each cluster's first recorded change is re-run, and compared)")
        }
        return lines
    }
}
