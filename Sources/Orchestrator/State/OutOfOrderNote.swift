import EventStore

/// What `state --at TIME` says when the cluster's history goes back in time across the point
/// asked: time travel folds the stream up to its first event dated after TIME, so an event dated
/// at or before TIME that comes after that one in the log is left out. Such histories come from an
/// agent's own report times, or from a service of an earlier build run on a replay dated ahead of
/// its clock (ADR 0015).
enum OutOfOrderNote {
    static func text(_ recorded: [RecordedEvent], at ms: Int64) -> String? {
        guard let cut = recorded.firstIndex(where: { $0.recordedAtMs > ms }),
              let left = recorded[cut...].first(where: { $0.recordedAtMs <= ms }) else { return nil }
        let first = recorded[cut]
        return "note: the cluster's history goes back in time: position \(first.position) is dated \(TimeText.rfc3339(first.recordedAtMs)), "
            + "position \(left.position) after it \(TimeText.rfc3339(left.recordedAtMs)); time travel stops at the first event dated after "
            + "\(TimeText.rfc3339(ms)), so position \(left.position) is left out (--at \(left.position) folds up to it)"
    }
}
