import UpgradeDomain
import Testing

/// One row of a behaviour table as the tests state it, independent of the production tables.
struct TableRow: Sendable, CustomTestStringConvertible {
    let path: String
    let behavior: Behavior
    let rule: String

    init(_ path: String, _ behavior: Behavior, _ rule: String) {
        self.path = path
        self.behavior = behavior
        self.rule = rule
    }

    var testDescription: String { "\(path) → \(behavior.rawValue)" }
}

