/// Writes protobuf wire-format fields into memory the caller sized exactly (see `EventEncoder`).
///
/// Every field of `StoredEvent` has a number below 16, so every tag is one byte.
struct WireWriter {
    private var cursor: UnsafeMutableRawPointer

    init(_ start: UnsafeMutableRawPointer) { cursor = start }

    /// Bytes a varint of `value` takes (1 to 10).
    static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// Bytes a length-delimited field of `count` bytes takes, tag included.
    static func delimitedSize(_ count: Int) -> Int {
        1 + varintSize(UInt64(count)) + count
    }

    /// Bytes a varint field takes, tag included.
    static func varintFieldSize(_ value: UInt64) -> Int {
        1 + varintSize(value)
    }

    var position: UnsafeMutableRawPointer { cursor }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            cursor.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, as: UInt8.self)
            cursor += 1
            v >>= 7
        }
        cursor.storeBytes(of: UInt8(v), as: UInt8.self)
        cursor += 1
    }

    mutating func varintField(_ field: UInt8, _ value: UInt64) {
        tag(field, wireType: 0)
        varint(value)
    }

    mutating func delimitedField(_ field: UInt8, _ bytes: UnsafeRawBufferPointer) {
        tag(field, wireType: 2)
        varint(UInt64(bytes.count))
        if let base = bytes.baseAddress, bytes.count > 0 {
            cursor.copyMemory(from: base, byteCount: bytes.count)
            cursor += bytes.count
        }
    }

    mutating func stringField(_ field: UInt8, _ string: String) {
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { delimitedField(field, UnsafeRawBufferPointer($0)) }
        if written == nil { Array(string.utf8).withUnsafeBytes { delimitedField(field, $0) } }
    }

    private mutating func tag(_ field: UInt8, wireType: UInt8) {
        cursor.storeBytes(of: field << 3 | wireType, as: UInt8.self)
        cursor += 1
    }
}
