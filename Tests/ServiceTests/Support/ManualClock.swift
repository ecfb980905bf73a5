import Service
import Synchronization
import UpgradeDomain

/// A clock that moves only when told.
final class ManualClock: ServiceClock {
    private let ms: Atomic<Int64>
    init(_ start: Int64 = 1_795_000_000_000) { ms = Atomic(start) }
    func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: ms.load(ordering: .relaxed)) }
    func advance(seconds: Int64) { ms.add(seconds * 1000, ordering: .relaxed) }
}
