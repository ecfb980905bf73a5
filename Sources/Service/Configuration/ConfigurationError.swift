/// Settings `orchestrator run` cannot start with, each one line naming the file and JSON path or
/// the environment variable.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path given.
    case missingFile(String)
    /// The path names a folder, or a file that cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON, or a setting in it is wrong (`path` is its JSON path).
    case invalid(file: String, path: String, message: String)
    /// An environment variable holds a value that cannot be used.
    case environment(variable: String, message: String)
    /// The TLS certificate or key does not load.
    case tls(detail: String)

    public var description: String {
        switch self {
        case .missingFile(let file): "config file \(file) does not exist"
        case .unreadable(let file, let reason): "config file \(file) \(reason)"
        case .invalid(let file, let path, let message): path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
        case .environment(let variable, let message): "\(variable) \(message)"
        case .tls(let detail): "config tls is not valid: \(detail)"
        }
    }
}
