/// Figures gathered while the simulation runs.
struct SimulationMetrics {
    let startMs: Int64
    var assigned = 0
    var finished = 0
    var failures = 0
    var nodeSteps = 0
    var denials = 0
    var approvalsRequested = 0
    var approvalWaits: [Int64] = []
    var firstFailure: String?
    /// Template clusters: completion telemetry events.
    var telemetryEvents = 0
    /// Every refusal recorded: `CommandRefused` (edge) and `TemplateCommandRefused` (template).
    var edgeRefusals = 0
    var refusals = 0
    var unavailableNow = 0
    var peakUnavailable = 0
    var peakUnavailableAtMs: Int64?
    var peakInOnePool = 0
    var unavailableSeries = TimeSeries()
    var clusterStates = RunningSeries()

    init(startMs: Int64) { self.startMs = startMs }

    mutating func nodeBecameUnavailable(poolCount: Int, now: Int64) {
        unavailableNow += 1
        if unavailableNow > peakUnavailable { peakUnavailable = unavailableNow; peakUnavailableAtMs = now }
        peakInOnePool = max(peakInOnePool, poolCount)
        unavailableSeries.record(now, unavailableNow)
    }

    mutating func nodeBecameAvailable(now: Int64) {
        unavailableNow -= 1
        unavailableSeries.record(now, unavailableNow)
    }
}

/// A step function over virtual time: the value from each point on until the next.
struct TimeSeries {
    private(set) var points: [(time: Int64, value: Int)] = []

    mutating func record(_ time: Int64, _ value: Int) {
        if let last = points.last, last.time == time { points[points.count - 1].value = value } else { points.append((time, value)) }
    }

    /// The highest value within each of `buckets` equal slices of `[from, to]`.
    func maxima(from: Int64, to: Int64, buckets: Int) -> [Int] {
        guard to > from, buckets > 0 else { return [] }
        var out = [Int](repeating: 0, count: buckets)
        var current = 0
        var index = 0
        for b in 0..<buckets {
            let end = from + Self.share(of: to - from, part: b + 1, of: buckets)
            var peak = current
            while index < points.count, points[index].time <= end {
                current = points[index].value
                peak = max(peak, current)
                index += 1
            }
            out[b] = peak
        }
        return out
    }

    /// `span * part / parts`, exact, for `0 <= part <= parts` (the product may be past `Int64`).
    static func share(of span: Int64, part: Int, of parts: Int) -> Int64 {
        let product = span.multipliedFullWidth(by: Int64(part))
        return Int64(parts).dividingFullWidth(product).quotient
    }
}

/// Clusters upgrading at once, over time.
struct RunningSeries {
    var series = TimeSeries()
    mutating func record(_ time: Int64, running: Int) { series.record(time, running) }
}
