/// The lines that set a re-run beside what was recorded.
public enum CounterfactualSummary {
    public static func lines(recorded: RecordedHistory, rerun: SimulationReport, policyFile: String) -> [String] {
        let outcomes = Dictionary(grouping: recorded.clusters.compactMap(\.outcome), by: { $0 })
            .map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
            .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let delta = rerun.makespanMs - recorded.makespanMs
        let sign = delta < 0 ? "−" : "+"
        return [
            "counterfactual:        \(recorded.clusters.count) recorded clusters under \(policyFile)",
            "recorded makespan:     \(SimulationReport.span(recorded.makespanMs)) (\(outcomes.isEmpty ? "no upgrade ended" : outcomes))",
            "with this policy:      \(SimulationReport.span(rerun.makespanMs)) (\(sign)\(SimulationReport.span(abs(delta))))",
        ]
    }
}
