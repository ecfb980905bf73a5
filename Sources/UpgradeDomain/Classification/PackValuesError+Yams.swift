import Yams

extension PackValuesError {
    /// Keeps Yams's problem text and line, dropping its multi-line source snippet.
    init(yamlError: YamlError) {
        switch yamlError {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let suffix = context.map { " (\($0.text), line \($0.mark.line))" } ?? ""
            self = .invalidYAML(problem: problem + suffix, line: mark.line)
        case let .reader(problem, _, _, _):
            self = .invalidYAML(problem: problem, line: nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            // Yams marks the first of the keys, not the repeat: say which it is.
            self = .invalidYAML(problem: "key \(keys) is given twice in one map (first on line \(context.mark.line))", line: nil)
        default:
            let firstLine = "\(yamlError)".split(separator: "\n").first.map(String.init) ?? "unreadable YAML"
            self = .invalidYAML(problem: firstLine, line: nil)
        }
    }
}
