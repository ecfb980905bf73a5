/// Big-endian integer encoding for keys, so byte order equals numeric order and ranges scan in order.
enum BigEndian {
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var be = value.bigEndian
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }

    static func bytes(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8)
        append(value, to: &out)
        return out
    }

    /// Runs `body` with the 8 big-endian bytes of `value`, kept on the stack.
    @inline(__always)
    static func withBytes<T>(_ value: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(of: value.bigEndian, body)
    }

    /// Runs `body` with the 16 bytes of `first` then `second`, both big-endian, kept on the stack.
    @inline(__always)
    static func withBytes<T>(_ first: UInt64, _ second: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(of: (first.bigEndian, second.bigEndian), body)
    }

    /// Reads a UInt64 at `offset`; the buffer must hold 8 bytes there.
    static func uint64(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64 {
        precondition(offset >= 0 && buffer.count >= offset + 8, "a big-endian UInt64 needs 8 bytes")
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
