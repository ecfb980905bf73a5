import EventStore
import Foundation

extension ServiceClock {
    /// A new time-ordered event id drawn at this clock's time. Under a `NonDecreasingClock` that
    /// is after the store's latest recorded time, so on a store dated ahead of the wall clock (a
    /// replay dated in the future) the id sorts after the store's ids and extends the store's id
    /// chain instead of needing an `event_ids` entry (ADR 0009, ADR 0019).
    func newEventID() -> UUID {
        TimeOrderedEventID.next(ms: now().millisecondsSinceEpoch)
    }
}
