import UpgradeDomain

/// The readable form of a classification: an aligned table (path, change, behaviour, rule) and a
/// summary line. Unclassified paths are marked, template chains are shown after the rule.
enum ClassificationTable {
    static func render(_ classification: Classification) -> String {
        var lines: [String] = []
        if classification.changes.isEmpty {
            lines.append("no changes")
        } else {
            let rows = [["PATH", "CHANGE", "BEHAVIOR", "RULE"]] + classification.changes.map(row)
            let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let padded = (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                lines.append((padded + [row[3]]).joined(separator: "  "))
            }
        }
        lines.append("")
        lines.append("cluster behavior: \(classification.outcome.label) (\(classification.reason))")
        return lines.joined(separator: "\n")
    }

    private static func row(_ change: ClassifiedChange) -> [String] {
        var rule = change.rule
        if change.unclassified { rule += " [unclassified]" }
        if !change.templateChain.isEmpty {
            rule += " [via " + change.templateChain.map(\.description).joined(separator: " -> ") + "]"
        }
        return [change.path.description, change.change.rawValue, change.behavior.rawValue, rule]
    }
}
