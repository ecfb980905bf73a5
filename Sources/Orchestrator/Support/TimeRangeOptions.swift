import ArgumentParser

/// `--since` and `--until`, shared by the audit questions: RFC 3339 or relative to now (`2h`).
struct TimeRangeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Only what was recorded at or after this time.") var since: String?
    @Option(parsing: .unconditional, help: "Only what was recorded before this time.") var until: String?

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, TimeText.parse(value, nowMs: 0, side: .atOrAfter) == nil {
                throw ValidationError("\(flag) '\(value)' is not a time; use \(TimeText.acceptedForms)")
            }
        }
    }

    /// The bounds in milliseconds, relative times taken from `nowMs`.
    func bounds(nowMs: Int64) -> (sinceMs: Int64?, untilMs: Int64?) {
        (since.flatMap { TimeText.parse($0, nowMs: nowMs, side: .atOrAfter) }, until.flatMap { TimeText.parse($0, nowMs: nowMs, side: .atOrAfter) })
    }
}
