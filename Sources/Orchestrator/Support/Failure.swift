import ArgumentParser
import EventStore
import Foundation
import Service

/// The one place where errors become a line on stderr and an exit code.
enum Failure {
    /// The message and exit code for any error a command throws.
    static func describe(_ error: Error, helpText: () -> String, exitCode: () -> Int32) -> (String, Int32) {
        switch error {
        case let failure as CommandFailure:
            return (failure.message, failure.exitCode)
        case let storeError as EventStoreError:
            return (storeError.description, Self.exitCode(for: storeError))
        case let config as ConfigurationError:
            switch config {
            case .missingFile: return (config.description, 66)
            case .environment: return (config.description, 64)
            case .unreadable, .invalid, .tls: return (config.description, 65)
            }
        case let cocoa as CocoaError where cocoa.isFileError:
            // A file operation no command wrapped: a plain line, not Foundation's description.
            return (FileErrorText.line(cocoa), 74)
        default:
            // ArgumentParser gives 1 to any error it does not know, and 1 means "a check failed" here.
            let code = error is ExitCode || exitCode() != EXIT_FAILURE ? exitCode() : 70
            // Argument errors come with a usage block: keep the line that names the problem.
            let line = helpText().split(separator: "\n").first.map(String.init) ?? "\(error)"
            let trimmed = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
            return (trimmed, code)
        }
    }

    static func exitCode(for error: EventStoreError) -> Int32 {
        switch error {
        case .missingStore: 66
        case .notAStore, .newerFormat, .olderFormat, .corrupt, .invalidRequest, .partiallyStored, .unfinishedBulkLoad: 65
        case .permissionDenied: 77
        case .diskFull: 74
        case .wrongExpectedRevision, .closed, .storage: 70
        }
    }

    /// Writes `orchestrator: <message>` as exactly one line on stderr.
    static func printLine(_ message: String) {
        let line = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("orchestrator: \(line)\n".utf8))
    }
}

/// Writes text to stderr (progress, wall-clock figures): never part of a command's output.
func printToStderr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
