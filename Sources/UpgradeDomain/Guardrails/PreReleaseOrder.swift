/// Semantic versioning's precedence of pre-release tags (item 11 of semver.org): a release comes
/// after any pre-release of it; identifiers are compared one by one, digits-only ones as numbers
/// and below the others, the others by their ASCII bytes; a tag that runs out first comes first.
enum PreReleaseOrder {
    /// True when the tag `lhs` comes before `rhs` (each a list of identifiers, empty for a release).
    static func precedes(_ lhs: [Substring], _ rhs: [Substring]) -> Bool {
        if lhs.isEmpty || rhs.isEmpty { return !lhs.isEmpty && rhs.isEmpty }
        for (left, right) in zip(lhs, rhs) {
            if identifier(left, precedes: right) { return true }
            if identifier(right, precedes: left) { return false }
        }
        return lhs.count < rhs.count
    }

    private static func identifier(_ left: Substring, precedes right: Substring) -> Bool {
        switch (isNumeric(left), isNumeric(right)) {
        case (true, true):
            // By value, whatever their length: compare without leading zeros, shorter first.
            let a = left.drop { $0 == "0" }, b = right.drop { $0 == "0" }
            if a.count != b.count { return a.count < b.count }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (true, false): return true
        case (false, true): return false
        case (false, false): return left.utf8.lexicographicallyPrecedes(right.utf8)
        }
    }

    private static func isNumeric(_ identifier: Substring) -> Bool {
        !identifier.isEmpty && identifier.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
