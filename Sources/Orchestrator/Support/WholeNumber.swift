import ArgumentParser

/// Parses an unsigned flag value, so a negative or malformed one gets a line naming the flag (the
/// parser's prefix: "The value '-1' is invalid for '--seed <seed>'") and the range. The flags that
/// take it parse `.unconditional`, so `-1` reaches here as a value, not as a flag.
enum WholeNumber {
    static func parser(from lower: UInt64) -> @Sendable (String) throws -> UInt64 {
        { text in
            guard let value = UInt64(text), value >= lower else {
                throw ValidationError("expected a whole number from \(lower) to \(UInt64.max)")
            }
            return value
        }
    }
}
