import Foundation

/// Standard input as lines of UTF-8 text, read in large chunks. A read that fails (stdin is a
/// folder, a device error) is an I/O failure naming it, and a line that is not UTF-8 is bad data
/// naming its number: neither is passed on with its bytes replaced.
struct StandardInputLines {
    private var pending: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var number = 0

    /// The next line without its newline, or nil at the end of the input.
    mutating func next() throws -> String? {
        while true {
            if let newline = pending[start...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                return try text(pending[start..<newline])
            }
            if atEnd {
                guard start < pending.count else { return nil }
                defer { start = pending.count }
                return try text(pending[start...])
            }
            try fill()
        }
    }

    private mutating func text(_ bytes: ArraySlice<UInt8>) throws -> String {
        number += 1
        guard let line = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure.dataError("stdin line \(number): not UTF-8 text")
        }
        return line
    }

    private mutating func fill() throws {
        pending.removeFirst(start)
        start = 0
        let chunk = 1 << 20
        let old = pending.count
        pending += repeatElement(0, count: chunk)
        while true {
            let count = pending.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress! + old, chunk) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                pending.removeLast(chunk)
                throw CommandFailure.ioError("cannot read stdin: \(String(cString: strerror(errno)).lowercased())")
            }
            pending.removeLast(chunk - count)
            if count == 0 { atEnd = true }
            return
        }
    }
}
