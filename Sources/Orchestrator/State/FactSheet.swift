/// Facts for `orchestrator state`: aligned `label  value` lines for people and one JSON object
/// whose keys always come in the same order.
struct FactSheet {
    var lines: [(label: String, text: String)] = []
    var pairs: [(key: String, json: String)] = []

    /// A line, and (with a key) the same fact as a JSON pair.
    mutating func add(_ label: String, _ text: String, key: String? = nil, _ json: String = "") {
        lines.append((label, text))
        if let key { pairs.append((key, json)) }
    }

    func table() -> [String] {
        let width = lines.map(\.label.count).max() ?? 0
        return lines.map { ($0.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + TerminalText.safe($0.text)).trimmingSuffix() }
    }

    func json() -> String { JSONText.object(pairs.map { ($0.key, $0.json) }) }
}
