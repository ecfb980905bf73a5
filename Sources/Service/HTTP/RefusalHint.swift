import UpgradeDomain

/// What the caller can do about a refusal when the API offers a way through, added to the 409.
enum RefusalHint {
    static func hint(for refusal: CommandRefusal) -> String? {
        switch refusal.reason {
        case .skippedMinorVersion:
            #"to skip it on purpose, assign the version again with "forceSkipMinor": {"reason": "…"} (the force is recorded with your name)"#
        default:
            nil
        }
    }
}
