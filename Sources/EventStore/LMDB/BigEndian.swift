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

    /// Reads a UInt64 at `offset`; the buffer must hold 8 bytes there.
    static func uint64(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(buffer[offset + i]) }
        return value
    }
}
