/// A Kubernetes version as profiles write it: `1.29.4`, `v1.30.1`, `1.30.1+rke2r1`, `v1.31.2+k3s1`.
///
/// Ordering follows semantic versioning: major, minor and patch, then a pre-release tag after `-`
/// (`1.31.0-rc.1` comes before `1.31.0`); the distribution build after `+` never counts and is
/// kept for display.
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

    /// The pre-release tag's identifiers (`["rc", "1"]` for `-rc.1+rke2r1`); empty for a release.
    public var preRelease: [Substring] {
        guard suffix.first == "-" else { return [] }
        let tag = suffix.dropFirst().prefix { $0 != "+" }
        return tag.split(separator: ".", omittingEmptySubsequences: false)
    }

    public static func < (lhs: K8sVersion, rhs: K8sVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        return PreReleaseOrder.precedes(lhs.preRelease, rhs.preRelease)
    }

    /// Equal when major, minor, patch and the pre-release tag are (the distribution build is ignored).
    public static func == (lhs: K8sVersion, rhs: K8sVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public var description: String { "\(major).\(minor).\(patch)\(suffix)" }
}
