/// A distribution's build of one Kubernetes version, as the version's build part names it:
/// `rke2r2` is RKE2's second release of its Kubernetes version, `k3s1` K3s's first.
///
/// A new revision is a new release of the distribution (new binaries) on the same Kubernetes, so
/// revisions of one distribution order by their number: `rke2r10` comes after `rke2r9`. Revisions
/// of different distributions do not order at all: which is newer is not something the text says.
public struct DistributionRevision: Sendable, Hashable {
    /// The distribution that built the version: `.rke2` or `.k3s`.
    public var distribution: KubernetesDistribution
    /// The revision's number in decimal digits, without leading zeros (`"0"` for zero), so that
    /// numbers of any length compare by value.
    public var number: String

    /// Creates a revision; `number` is decimal digits without leading zeros.
    public init(distribution: KubernetesDistribution, number: String) {
        self.distribution = distribution
        self.number = number
    }

    /// The forms a build part names a revision in, by the distribution's tag before the number.
    private static let forms: [(tag: String, distribution: KubernetesDistribution)] = [("rke2r", .rke2), ("k3s", .k3s)]

    /// Reads `rke2rN` or `k3sN` (N decimal digits; letters in either case), the whole of `text`;
    /// nil for anything else (`k0s.0`, `rke2r1.1`, `rke2r`, `k3s1-rc`).
    public init?(_ text: Substring) {
        let lowered = text.lowercased()
        for form in Self.forms where lowered.hasPrefix(form.tag) {
            let digits = lowered.utf8.dropFirst(form.tag.utf8.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let significant = digits.drop { $0 == 0x30 }
            self.distribution = form.distribution
            self.number = significant.isEmpty ? "0" : String(decoding: significant, as: UTF8.self)
            return
        }
        return nil
    }

    /// Whether this is an earlier revision than `other` of the same distribution; false for
    /// revisions of different distributions.
    public func precedes(_ other: DistributionRevision) -> Bool {
        guard distribution == other.distribution else { return false }
        return Self.number(number, precedes: other.number)
    }

    /// A total order for sorting only: by distribution name, then by number. It never makes two
    /// distributions' revisions equal, and says nothing of which distribution is newer.
    static func sorts(_ lhs: DistributionRevision, before rhs: DistributionRevision) -> Bool {
        if lhs.distribution != rhs.distribution { return lhs.distribution.rawValue < rhs.distribution.rawValue }
        return number(lhs.number, precedes: rhs.number)
    }

    /// Digit strings without leading zeros: the shorter is the smaller, then byte by byte.
    private static func number(_ lhs: String, precedes rhs: String) -> Bool {
        if lhs.utf8.count != rhs.utf8.count { return lhs.utf8.count < rhs.utf8.count }
        return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
