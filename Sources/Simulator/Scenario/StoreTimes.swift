import UpgradeDomain

/// The times a scenario sets that date events in the store: `start`, timeline entries, outages and
/// an actor's approval. The store dates events from 1970 to 9999 (milliseconds since the epoch that
/// RFC 3339 can write, the range `import` reads back), so a time outside it is refused with its JSON
/// path before anything is written.
enum StoreTimes {
    /// `ms`, read from `node`, when the store can date an event then.
    static func check(_ ms: Int64, _ node: JSONNode) throws(ScenarioError) -> Int64 {
        let text = (try? node.string()) ?? RFC3339.text(ms)
        if ms < 0 { throw node.fail("'\(text)' is before 1970-01-01T00:00:00Z; the store dates events from 1970 to 9999") }
        if ms > RFC3339.lastMillisecond { throw node.fail("'\(text)' is after 9999-12-31T23:59:59.999Z; the store dates events from 1970 to 9999") }
        return ms
    }
}
