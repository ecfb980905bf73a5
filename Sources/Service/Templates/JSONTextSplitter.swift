/// Splits a byte stream into its top-level JSON objects, whether one per line (`.jsonl`) or
/// pretty-printed across lines (kubectl's `-o json --watch`). Fed chunk by chunk.
struct JSONTextSplitter {
    let maxObjectBytes: Int
    private var pending: [UInt8] = []
    private var scanned = 0
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var start: Int?
    /// Objects completed so far (for error messages).
    private(set) var count = 0

    init(maxObjectBytes: Int) { self.maxObjectBytes = maxObjectBytes }

    /// The objects completed by `bytes`, as text.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [String] {
        pending.append(contentsOf: bytes)
        var found: [String] = []
        while scanned < pending.count {
            // An unfinished object already holding the limit cannot take this byte too: the limit
            // is exact, whether the object ends in this chunk or a later one.
            if let first = start, scanned - first >= maxObjectBytes { throw tooLarge }
            let byte = pending[scanned]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                guard depth > 0 else { throw unexpected(byte) }
                inString = true
            } else if byte == UInt8(ascii: "{") {
                if depth == 0 { start = scanned }
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                guard depth > 0 else { throw unexpected(byte) }
                depth -= 1
                if depth == 0, let first = start {
                    found.append(String(decoding: pending[first...scanned], as: UTF8.self))
                    count += 1
                    start = nil
                }
            } else if depth == 0, ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(byte) {
                throw unexpected(byte)
            }
            scanned += 1
        }
        if let first = start {
            if first > 0 { pending.removeFirst(first); scanned -= first; start = 0 }
        } else {
            pending.removeAll(keepingCapacity: true)
            scanned = 0
        }
        return found
    }

    /// Whether the stream ended inside an object.
    var isInsideObject: Bool { depth > 0 }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, code: "body_too_large", "watch event \(count + 1) is larger than \(maxObjectBytes) bytes")
    }

    private func unexpected(_ byte: UInt8) -> APIError {
        APIError.badRequest("watch stream: unexpected character '\(Character(Unicode.Scalar(byte)))' after event \(count); expected a JSON object per event")
    }
}
