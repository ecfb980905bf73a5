import Foundation

/// Runs the real `orchestrator` binary built beside the test runner.
enum OrchestratorProcess {
    /// The binary: it sits in the same build products folder as the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("orchestrator")
    }

    struct Outcome {
        var exitCode: Int32
        /// The signal that ended the process, nil when it exited.
        var signal: Int32? = nil
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    /// Runs to completion; stdin from `stdin` (text) or `stdinFile`, output captured through files;
    /// `environment` is added to this process's own. `executable` runs another program instead
    /// (one that starts the binary, such as setpriv).
    @discardableResult
    static func run(
        _ arguments: [String], stdin: String? = nil, stdinFile: String? = nil, stdoutFile: String? = nil, environment: [String: String] = [:],
        executable program: URL? = nil
    ) throws -> Outcome {
        let scratch = NSTemporaryDirectory() + "orchestrator-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = stdoutFile ?? scratch + "/out", errPath = scratch + "/err", inPath = stdinFile ?? scratch + "/in"
        if stdoutFile == nil { _ = FileManager.default.createFile(atPath: outPath, contents: nil) }
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        if stdinFile == nil { _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8)) }

        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.standardInput = FileHandle(forReadingAtPath: inPath)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        // A given stdout file (such as /dev/full) is the caller's to read.
        let out = stdoutFile == nil ? FileManager.default.contents(atPath: outPath) ?? Data() : Data()
        let err = FileManager.default.contents(atPath: errPath) ?? Data()
        return Outcome(exitCode: process.terminationStatus, signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
                       stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self), stdoutData: out)
    }

    /// Starts the binary with stdout on a pipe, for tests that read it as it goes and kill it;
    /// stderr goes to `stderrFile` when given, else nowhere.
    static func start(_ arguments: [String], stderrFile: String? = nil) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        if let stderrFile {
            _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrFile)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, pipe.fileHandleForReading)
    }
}

/// Reads a pipe line by line with blocking reads (no polling, no sleeps).
struct LineReader {
    let handle: FileHandle
    private var pending = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next complete line, or nil at end of file.
    mutating func next() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}

/// A fresh temporary folder path (not created), removed when released.
final class ScratchFolder: Sendable {
    let path: String
    init(_ label: String = "cli") { path = NSTemporaryDirectory() + "orchestrator-cli-\(label)-\(UUID().uuidString)" }
    func child(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
