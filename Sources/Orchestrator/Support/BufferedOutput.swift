import Foundation

/// Batches stdout writes; the process's stdout is written only here and by `print` (whose
/// failures `OrchestratorCommand` finds at the end). A write that fails, such as to a full disk,
/// is a thrown I/O failure (exit 74), never a trap, and nothing more is written after it.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func writeLine(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        try flushWhenFull()
    }

    /// `text` as it is, with no line end after it.
    mutating func writeText(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try flushWhenFull()
    }

    private mutating func flushWhenFull() throws {
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        // Whatever `print` buffered goes first, so the lines keep their order.
        if fflush(nil) != 0 { throw StandardOutput.failure(errno: errno) }
        try buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StandardOutput.failure(errno: errno)
                }
                offset += written
            }
        }
    }
}

/// Standard output's failures, named as one line.
enum StandardOutput {
    static func failure(errno code: Int32) -> CommandFailure {
        .ioError("cannot write to standard output: \(String(cString: strerror(code)).lowercased())")
    }

    /// Flushes what `print` buffered: its failure, if the write failed (a full disk keeps the
    /// buffer unwritten, so the last flush fails too).
    static func finish() -> CommandFailure? {
        fflush(nil) == 0 ? nil : failure(errno: errno)
    }
}
