import Foundation
import UpgradeDomain

/// Where the service's "now" comes from: the wall clock in production, a manual clock in tests.
public protocol ServiceClock: Sendable {
    func now() -> Timestamp
}

/// The wall clock.
public struct SystemClock: ServiceClock {
    public init() {}
    public func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }
}
