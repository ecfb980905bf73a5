/// Aligned columns for people: a header, then one line per row, trailing spaces trimmed.
enum TextTable {
    /// Every cell is printed through `TerminalText.safe`.
    static func render(header: [String], rows: [[String]]) -> [String] {
        let rows = rows.map { $0.map(TerminalText.safe) }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingSuffix()
        }
        return [line(header)] + rows.map(line)
    }
}
