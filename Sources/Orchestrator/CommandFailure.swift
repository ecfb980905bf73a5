/// A failure the user caused or can fix: printed as one line on stderr, with a documented exit code.
///
/// Exit codes follow sysexits(3), listed in the README:
/// 64 usage (bad flag or value), 65 bad input data, 66 missing input, 70 internal error,
/// 73 cannot create output, 74 I/O error, 75 temporary failure (try again), 77 permission denied.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    var description: String { message }

    static func usage(_ message: String) -> CommandFailure { .init(message: message, exitCode: 64) }
    static func dataError(_ message: String) -> CommandFailure { .init(message: message, exitCode: 65) }
    static func noInput(_ message: String) -> CommandFailure { .init(message: message, exitCode: 66) }
    static func software(_ message: String) -> CommandFailure { .init(message: message, exitCode: 70) }
    static func cannotCreate(_ message: String) -> CommandFailure { .init(message: message, exitCode: 73) }
    static func ioError(_ message: String) -> CommandFailure { .init(message: message, exitCode: 74) }
    static func temporary(_ message: String) -> CommandFailure { .init(message: message, exitCode: 75) }
}
