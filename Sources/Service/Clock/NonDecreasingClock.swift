import Synchronization
import UpgradeDomain

/// A clock whose times never go back: each is after the store's latest recorded time (read once,
/// when the service starts) and at or after every time it handed out before. While the wall clock
/// is behind those (a replay dated ahead of it, a clock stepped back), it gives the latest of
/// them: the service's time stands still until the wall clock passes it. So every event the
/// service records is dated at or after every event the store held, and time travel, which stops
/// at a stream's first event dated after the time asked, sees it (ADR 0015).
public final class NonDecreasingClock: ServiceClock {
    private let base: any ServiceClock
    private let latest: Mutex<Int64>

    /// `base` gives the wall clock's time; `latestRecordedMs` is the store's latest recorded time
    /// (nil for an empty store): every time handed out is after it.
    public init(_ base: any ServiceClock = SystemClock(), after latestRecordedMs: Int64?) {
        self.base = base
        let (next, overflow) = (latestRecordedMs ?? .min).addingReportingOverflow(1)
        latest = Mutex(overflow ? .max : next)
    }

    public func now() -> Timestamp {
        let wall = base.now().millisecondsSinceEpoch
        return Timestamp(millisecondsSinceEpoch: latest.withLock { latest in
            latest = max(latest, wall)
            return latest
        })
    }
}
