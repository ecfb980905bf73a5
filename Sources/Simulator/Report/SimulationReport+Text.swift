import Foundation

extension SimulationReport {
    /// `1h02m03s`
    public static func span(_ ms: Int64) -> String {
        let seconds = ms / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return String(format: "%dm%02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh%02dm%02ds", seconds / 3600, (seconds % 3600) / 60, seconds % 60)
    }

    /// The summary printed on stdout.
    public var summary: [String] {
        func list(_ pairs: [(String, Int)]) -> String { pairs.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        var lines = [
            "scenario:              \(scenario)",
            "fleet:                 \(clusters) clusters, \(nodes) nodes; \(events) events recorded",
            "makespan:              \(Self.span(makespanMs))",
            "clusters by status:    \(list(byStatus))",
            "clusters by behaviour: \(byBehavior.isEmpty ? "none assigned" : list(byBehavior))",
            "approvals:             \(approvalsRequested) requested, \(approvalsGranted) granted, \(denials) denied; wait mean \(Self.span(approvalWaitMeanMs)), max \(Self.span(approvalWaitMaxMs))",
            "peak unavailable:      \(peakUnavailable) nodes fleet-wide\(peakUnavailableAtMs.map { " (at +\(Self.span($0 - startMs)))" } ?? ""), \(peakUnavailableInOnePool) in one pool",
            "upgrade duration:      p50 \(Self.span(durationP50Ms)), p95 \(Self.span(durationP95Ms)), max \(Self.span(durationMaxMs))",
            "failures:              \(failures)\(firstFailure.map { "; first: \($0)" } ?? "")",
        ]
        lines.append("refused commands:      \(edgeRefusals + templateRefusals) (\(edgeRefusals) edge, \(templateRefusals) template)")
        lines.append("halt:                  \(halt ?? "none")")
        if templateClusters > 0 {
            let statuses = byDeploymentStatus.isEmpty ? "none" : list(byDeploymentStatus)
            lines.append("template deployments:  \(templateClusters): \(statuses); \(templateRefusals) changes refused; \(telemetryEvents) telemetry events")
        }
        return lines
    }

    /// The report as one JSON object (stable key order), with one row per cluster.
    public var json: String {
        func q(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func opt(_ v: Int64?) -> String { v.map(String.init) ?? "null" }
        func optS(_ v: String?) -> String { v.map(q) ?? "null" }
        func counts(_ pairs: [(String, Int)]) -> String { "{" + pairs.map { "\(q($0.0)):\($0.1)" }.joined(separator: ",") + "}" }
        let rowsJSON = rows.map { row in
            "{\"cluster\":\(q(row.cluster)),\"class\":\(q(row.clusterClass)),\"wave\":\(optS(row.wave)),\"behavior\":\(optS(row.behavior)),"
                + "\"status\":\(q(row.status)),\"startedMs\":\(opt(row.startedMs)),\"endedMs\":\(opt(row.endedMs)),"
                + "\"durationMs\":\(opt(row.startedMs.flatMap { s in row.endedMs.map { $0 - s } })),\"approvalWaitMs\":\(opt(row.approvalWaitMs)),"
                + "\"failure\":\(optS(row.failure)),\"deploymentStatus\":\(optS(row.deploymentStatus))}"
        }
        return "{\"scenario\":\(q(scenario)),\"clusters\":\(clusters),\"nodes\":\(nodes),\"events\":\(events),"
            + "\"makespanMs\":\(makespanMs),\"byStatus\":\(counts(byStatus)),\"byBehavior\":\(counts(byBehavior)),"
            + "\"approvals\":{\"requested\":\(approvalsRequested),\"granted\":\(approvalsGranted),\"denied\":\(denials),\"waitMeanMs\":\(approvalWaitMeanMs),\"waitMaxMs\":\(approvalWaitMaxMs)},"
            + "\"peakUnavailableNodes\":\(peakUnavailable),\"peakUnavailableInOnePool\":\(peakUnavailableInOnePool),"
            + "\"upgradeDurationMs\":{\"p50\":\(durationP50Ms),\"p95\":\(durationP95Ms),\"max\":\(durationMaxMs)},"
            + "\"refusedCommands\":{\"edge\":\(edgeRefusals),\"template\":\(templateRefusals)},"
            + "\"failures\":\(failures),\"firstFailure\":\(optS(firstFailure)),\"halt\":\(optS(halt)),"
            + "\"templateDeployments\":{\"clusters\":\(templateClusters),\"byStatus\":\(counts(byDeploymentStatus)),\"refused\":\(templateRefusals),\"telemetryEvents\":\(telemetryEvents)},"
            + "\"rows\":[\n" + rowsJSON.joined(separator: ",\n") + "\n]}"
    }
}
