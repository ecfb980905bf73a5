/// A Kubernetes version as profiles write it: `1.29.4`, `v1.30.1`, `1.30.1+rke2r1`, `v1.31.2+k3s1`.
///
/// Ordering follows semantic versioning: major, minor and patch, then a pre-release tag after `-`
/// (`1.31.0-rc.1` comes before `1.31.0`), then the distribution's revision (ADR 0023): a build
/// part `+rke2rN` or `+k3sN` is that distribution's Nth release of the version, so `+rke2r2`
/// comes after `+rke2r1` and `+rke2r10` after `+rke2r9`. The container image tag form
/// `-rke2rN` / `-k3sN` (a tag cannot hold `+`) is read as the same revision, not as a pre-release.
/// Any other build part (`+k0s.0`, `+build.5`) does not count, as semantic versioning has it.
///
/// `<` is a total order, for sorting and equality: a version without a revision comes before the
/// revisions of the same version, and revisions of different distributions sort by the
/// distribution's name, only so that they are never equal. Whether a change goes back is
/// ``goesBack(from:)``, which orders revisions of one distribution only.
public struct K8sVersion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The major version (1 for every Kubernetes release so far).
    public var major: Int
    /// The minor version; skipping one is refused unless forced.
    public var minor: Int
    /// The patch version (0 when the text has none).
    public var patch: Int
    /// Text after `-` (pre-release) and/or `+` (distribution build), e.g. `+rke2r1`; empty if none.
    public var suffix: String

    /// Creates a version from its parts.
    public init(major: Int, minor: Int, patch: Int, suffix: String = "") {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.suffix = suffix
    }

    /// Parses `v?MAJOR.MINOR[.PATCH][-pre][+build]`.
    public init(parsing text: String) throws(K8sVersionParseError) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        let coreEnd = rest.firstIndex { $0 == "+" || $0 == "-" } ?? rest.endIndex
        let suffix = String(rest[coreEnd...])
        let parts = rest[..<coreEnd].split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { throw K8sVersionParseError(text: text) }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), let n = Int(part), n >= 0 else {
                throw K8sVersionParseError(text: text)
            }
            numbers.append(n)
        }
        if suffix.count == 1 { throw K8sVersionParseError(text: text) }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers.count == 3 ? numbers[2] : 0, suffix: suffix)
    }

    /// The pre-release tag's identifiers (`["rc", "1"]` for `-rc.1+rke2r1`); empty for a release,
    /// and for the image tag form of a revision (`-rke2r1`), which is no pre-release.
    public var preRelease: [Substring] {
        guard suffix.first == "-", dashRevision == nil else { return [] }
        let tag = suffix.dropFirst().prefix { $0 != "+" }
        return tag.split(separator: ".", omittingEmptySubsequences: false)
    }

    /// The distribution's revision the version names: from the build part (`+rke2r2`, `+k3s1`),
    /// else from the image tag form (`-rke2r2` with no `+` after it); nil when neither is one.
    public var revision: DistributionRevision? {
        if let plus = suffix.firstIndex(of: "+") { return DistributionRevision(suffix[suffix.index(after: plus)...]) }
        return dashRevision
    }

    /// The revision of a suffix that is `-` and a revision and nothing else (`-rke2r1`).
    private var dashRevision: DistributionRevision? {
        guard suffix.first == "-", !suffix.contains("+") else { return nil }
        return DistributionRevision(suffix.dropFirst())
    }

    /// Whether a change from `earlier` to this version goes back: to a lower version or
    /// pre-release, or, of the same version, to a lower revision of the same distribution
    /// (`v1.30.4+rke2r2` → `v1.30.4+rke2r1`). A change between revisions of different
    /// distributions, or to or from a build that names no revision, does not go back: the text
    /// does not say which is newer (a change of distribution is a guardrail of its own).
    public func goesBack(from earlier: K8sVersion) -> Bool {
        if let order = Self.releaseOrder(self, earlier) { return order }
        guard let mine = revision, let theirs = earlier.revision else { return false }
        return mine.precedes(theirs)
    }

    /// Whether this and `other` are the same release: major, minor, patch and pre-release tag
    /// (`1.32.4+k0s.0` and `v1.32.4` are; a distribution's revision is not looked at).
    public func isSameRelease(as other: K8sVersion) -> Bool {
        Self.releaseOrder(self, other) == nil
    }

    /// Whether `lhs` comes before `rhs` by version and pre-release; nil when they are the same there.
    private static func releaseOrder(_ lhs: K8sVersion, _ rhs: K8sVersion) -> Bool? {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        let left = lhs.preRelease, right = rhs.preRelease
        if PreReleaseOrder.precedes(left, right) { return true }
        if PreReleaseOrder.precedes(right, left) { return false }
        return nil
    }

    public static func < (lhs: K8sVersion, rhs: K8sVersion) -> Bool {
        if let order = releaseOrder(lhs, rhs) { return order }
        switch (lhs.revision, rhs.revision) {
        case (_, nil): return false
        case (nil, _?): return true
        case let (left?, right?): return DistributionRevision.sorts(left, before: right)
        }
    }

    /// Equal when major, minor, patch, the pre-release tag and the revision are (`-rke2r1` and
    /// `+rke2r1` are one revision; a build part that names none is ignored).
    public static func == (lhs: K8sVersion, rhs: K8sVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    /// Hashes what `==` compares but the pre-release tag (whose equal forms, `rc.01` and `rc.1`,
    /// would need normalising), so equal versions hash equal.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(revision)
    }

    public var description: String { "\(major).\(minor).\(patch)\(suffix)" }
}
