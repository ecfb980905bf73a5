import Foundation

/// How long a step takes: fixed, uniform between two bounds, or log-normal from a median and a p95.
public enum DurationDistribution: Sendable {
    case fixed(Int64)
    case uniform(Int64, Int64)
    case logNormal(median: Int64, p95: Int64)

    /// A sample in milliseconds (at least 1, at most `DurationText.maxMilliseconds`), drawn from `generator`.
    public func sample(_ generator: inout some RandomNumberGenerator) -> Int64 {
        switch self {
        case .fixed(let ms):
            return max(ms, 1)
        case .uniform(let low, let high):
            return max(Int64.random(in: low...high, using: &generator), 1)
        case .logNormal(let median, let p95):
            // ln X ~ N(mu, sigma): median = e^mu, p95 = e^(mu + 1.6449 sigma).
            let mu = log(Double(max(median, 1)))
            let sigma = max(log(Double(max(p95, median, 1))) - mu, 0) / 1.6448536
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            // A wide spread can draw far beyond any duration a scenario may give (and beyond Int64).
            let drawn = min(exp(mu + sigma * z).rounded(), Double(DurationText.maxMilliseconds))
            return max(Int64(drawn), 1)
        }
    }
}
