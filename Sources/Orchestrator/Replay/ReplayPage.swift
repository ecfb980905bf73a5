import Foundation
import Simulator

/// One self-contained HTML page with SVG charts: clusters upgrading over time, unavailable nodes
/// over time, and a Gantt chart of cluster upgrades by wave. No scripts, no external files.
enum ReplayPage {
    static func render(_ report: SimulationReport) -> String {
        let summary = report.summary.map { "<li>\(escape($0))</li>" }.joined()
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Replay: \(escape(report.scenario))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}svg{background:#fafafa;border:1px solid #ddd}
        h2{margin-top:1.5em;font-size:1.1em}ul{font-family:ui-monospace,monospace;font-size:.85em;list-style:none;padding:0}</style>
        </head><body>
        <h1>Replay: \(escape(report.scenario))</h1>
        <ul>\(summary)</ul>
        <h2>Clusters upgrading at once</h2>
        \(area(report.runningBuckets, color: "#2b6cb0", label: "clusters", span: report.makespanMs))
        <h2>Unavailable nodes, fleet-wide</h2>
        \(area(report.unavailableBuckets, color: "#c05621", label: "nodes", span: report.makespanMs))
        <h2>Cluster upgrades by wave</h2>
        \(gantt(report))
        </body></html>

        """
    }

    static func area(_ values: [Int], color: String, label: String, span: Int64) -> String {
        let width = 720.0, height = 160.0
        let peak = Double(max(values.max() ?? 0, 1))
        let step = width / Double(max(values.count, 1))
        var path = "M0,\(height)"
        for (i, value) in values.enumerated() {
            let y = height - Double(value) / peak * (height - 10)
            path += String(format: " L%.1f,%.1f L%.1f,%.1f", Double(i) * step, y, Double(i + 1) * step, y)
        }
        path += " L\(width),\(height) Z"
        return """
        <svg width="\(Int(width))" height="\(Int(height) + 20)" role="img" aria-label="\(label) over time">
        <path d="\(path)" fill="\(color)" fill-opacity="0.6" stroke="\(color)"/>
        <text x="4" y="14" font-size="11">peak \(Int(peak)) \(label)</text>
        <text x="4" y="\(Int(height) + 15)" font-size="11">0</text>
        <text x="\(Int(width) - 4)" y="\(Int(height) + 15)" font-size="11" text-anchor="end">\(SimulationReport.span(span))</text>
        </svg>
        """
    }

    /// One bar per cluster (at most 400, spread evenly), coloured by outcome, grouped by wave.
    static func gantt(_ report: SimulationReport) -> String {
        let started = report.rows.filter { $0.startedMs != nil }
        guard let first = started.compactMap(\.startedMs).min() else { return "<p>No cluster started.</p>" }
        let last = max(started.compactMap { $0.endedMs ?? $0.startedMs }.max() ?? first, first + 1)
        let ordered = report.waves.flatMap { wave in started.filter { $0.wave == wave } }
        let stride = max(1, ordered.count / 400)
        let shown = Swift.stride(from: 0, to: ordered.count, by: stride).map { ordered[$0] }
        let width = 720.0, rowHeight = 3.0
        var bars = ""
        for (i, row) in shown.enumerated() {
            let x = Double(row.startedMs! - first) / Double(last - first) * width
            let end = Double((row.endedMs ?? last) - first) / Double(last - first) * width
            let color = row.status == "succeeded" ? "#2f855a" : row.status == "failed" ? "#c53030" : "#a0aec0"
            bars += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@</title></rect>",
                           x, Double(i) * rowHeight, max(end - x, 1), rowHeight - 0.5, color, escape("\(row.cluster) (\(row.wave ?? "-")): \(row.status)"))
        }
        let height = Double(shown.count) * rowHeight + 4
        return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"upgrades by wave\">\(bars)</svg>"
            + "<p>\(shown.count) of \(ordered.count) started clusters shown, in wave order (\(report.waves.joined(separator: " → "))); green succeeded, red failed, grey other.</p>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
