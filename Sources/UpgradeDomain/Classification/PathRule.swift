/// One row of a behaviour table: paths matching `pattern` get `behavior`, explained by `text`.
struct PathRule: Hashable, Sendable {
    let pattern: PathPattern
    let behavior: Behavior
    let text: String

    /// A rule whose text reads `<scope>: <pattern> <verb>`, e.g. `os: stages.boot.* reboots`.
    init(_ scope: String, _ pattern: String, _ behavior: Behavior) {
        self.pattern = PathPattern(pattern)
        self.behavior = behavior
        self.text = "\(scope): \(pattern) \(behavior.ruleVerb)"
    }

    /// A rule with its own text.
    init(pattern: String, behavior: Behavior, text: String) {
        self.pattern = PathPattern(pattern)
        self.behavior = behavior
        self.text = text
    }
}
