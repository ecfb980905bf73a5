import UpgradeDomain

/// The `--json` form of a classification: one JSON object on one line, keys in a fixed order,
/// so the same classification always prints the same bytes.
///
/// `{"behavior", "reason", "changes": [{"path", "change", "behavior", "rule", "unclassified",
/// "templateChain"}]}`. Values themselves are never printed (they may hold credentials).
enum ClassificationJSON {
    static func render(_ classification: Classification) -> String {
        let changes = classification.changes.map(change).joined(separator: ",")
        return "{" + [
            field("behavior", string(classification.outcome.label)),
            field("reason", string(classification.reason)),
            field("changes", "[" + changes + "]"),
        ].joined(separator: ",") + "}"
    }

    private static func change(_ change: ClassifiedChange) -> String {
        let chain = change.templateChain.map { string($0.description) }.joined(separator: ",")
        return "{" + [
            field("path", string(change.path.description)),
            field("change", string(change.change.rawValue)),
            field("behavior", string(change.behavior.rawValue)),
            field("rule", string(change.rule)),
            field("unclassified", change.unclassified ? "true" : "false"),
            field("templateChain", "[" + chain + "]"),
        ].joined(separator: ",") + "}"
    }

    private static func field(_ name: String, _ json: String) -> String {
        string(name) + ":" + json
    }

    /// A JSON string literal (RFC 8259 escaping; non-ASCII is kept as UTF-8).
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
