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
            self = .invalidYAML(problem: "duplicate key \(keys)", line: context.mark.line)
        default:
            let firstLine = "\(yamlError)".split(separator: "\n").first.map(String.init) ?? "unreadable YAML"
            self = .invalidYAML(problem: firstLine, line: nil)
        }
    }
}
