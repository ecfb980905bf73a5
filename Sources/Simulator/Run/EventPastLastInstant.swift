import UpgradeDomain

/// The simulation came to an event the store cannot date: one after 9999-12-31T23:59:59.999Z
/// (`RFC3339.lastMillisecond`), as a scenario whose `start` is close to it may. The replay stops
/// before recording it, with the writer idle; its store is an unfinished load, which the caller
/// removes (`docs/scenarios.md`).
public struct EventPastLastInstant: Error, Equatable, CustomStringConvertible {
    /// When the event would have been dated, in milliseconds since the epoch.
    public let atMs: Int64

    public var description: String {
        "the replay reaches \(RFC3339.text(atMs)), after 9999-12-31T23:59:59.999Z, the last instant the store dates events at"
    }
}
