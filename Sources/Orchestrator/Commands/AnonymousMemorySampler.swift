import Foundation
import Synchronization

/// Samples `RssAnon` on a background thread every `interval` and keeps the highest value seen,
/// so a benchmark can report the peak of anonymous memory (which the kernel does not track).
final class AnonymousMemorySampler: Sendable {
    private let peak = Mutex(0.0)
    private let running = Mutex(true)
    private let done = DispatchSemaphore(value: 0)

    init(interval: Duration = .milliseconds(10)) {
        let thread = Thread { [self] in
            while running.withLock({ $0 }) {
                let now = MemoryFigures.anonymousMB()
                peak.withLock { $0 = max($0, now) }
                Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
            }
            done.signal()
        }
        thread.name = "rss-anon-sampler"
        thread.start()
    }

    /// Stops sampling and returns the peak in MiB (including one last sample).
    func stop() -> Double {
        running.withLock { $0 = false }
        done.wait()
        let last = MemoryFigures.anonymousMB()
        return peak.withLock { max($0, last) }
    }
}
