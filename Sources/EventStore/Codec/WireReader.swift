/// Reads protobuf wire format from borrowed bytes, with swift-protobuf's rules for what is malformed:
/// tags of at most five bytes and no field 0, varints of at most ten bytes, lengths below 2 GiB
/// inside the input, groups nested at most 99 deep (the message itself is the first of swift-protobuf's
/// 100 levels), and no stray end-group.
struct WireReader {
    struct Malformed: Error, CustomStringConvertible {
        let why: String
        var description: String { "malformed StoredEvent: \(why)" }
    }

    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private var cursor: UnsafeRawPointer
    private let end: UnsafeRawPointer

    init(_ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address; any non-nil pointer with end == cursor will do.
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        cursor = base
        end = base + bytes.count
    }

    private var available: Int { end - cursor }

    /// The next field's number and wire type, or nil at the end of the input. Inlined, like
    /// `varint` and `delimited`: they run for every field of every record a scan decodes.
    @inline(__always)
    mutating func nextTag() throws(Malformed) -> (field: Int, wireType: WireType)? {
        guard cursor < end else { return nil }
        let first = cursor.load(as: UInt8.self)
        guard let wireType = WireType(rawValue: first & 7) else { throw Malformed(why: "wire type \(first & 7)") }
        var field = Int(first & 0x7F) >> 3
        var byte = first
        var index = 1
        while byte & 0x80 != 0 {
            guard index < available else { throw Malformed(why: "truncated tag") }
            byte = cursor.load(fromByteOffset: index, as: UInt8.self)
            if index == 4 && byte > 15 { throw Malformed(why: "field number too large") }
            field |= Int(byte & 0x7F) << (7 * index - 3)
            index += 1
            if index == 5 { break }
        }
        cursor += index
        guard field != 0 else { throw Malformed(why: "field number 0") }
        if wireType == .endGroup { throw Malformed(why: "end of a group that never started") }
        return (field, wireType)
    }

    /// Consumes the next byte when it is the one-byte tag `tag` (a field below 16 with its wire
    /// type); false, consuming nothing, otherwise.
    @inline(__always)
    mutating func take(_ tag: UInt8) -> Bool {
        guard cursor < end, cursor.load(as: UInt8.self) == tag else { return false }
        cursor += 1
        return true
    }

    @inline(__always)
    mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard cursor < end else { throw Malformed(why: "truncated varint") }
            guard shift <= 63 else { throw Malformed(why: "varint longer than ten bytes") }
            let byte = cursor.load(as: UInt8.self)
            cursor += 1
            value |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// The body of a length-delimited field, borrowed from the input.
    @inline(__always)
    mutating func delimited() throws(Malformed) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length < 0x7FFF_FFFF else { throw Malformed(why: "length \(length)") }
        guard length <= UInt64(available) else { throw Malformed(why: "truncated field") }
        let body = UnsafeRawBufferPointer(start: cursor, count: Int(length))
        cursor += Int(length)
        return body
    }

    /// Skips the body of a field this reader does not take (unknown, or known with another wire type).
    mutating func skip(_ wireType: WireType, field: Int, depth: Int = 0) throws(Malformed) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: try advance(8)
        case .fixed32: try advance(4)
        case .lengthDelimited: _ = try delimited()
        case .endGroup: throw Malformed(why: "unexpected end of group")
        case .startGroup:
            guard depth < 99 else { throw Malformed(why: "groups nested too deep") }
            while true {
                let tag = try varint()
                guard tag < UInt64(UInt32.max), tag >> 3 != 0, let inner = WireType(rawValue: UInt8(tag & 7)) else {
                    throw Malformed(why: "bad tag inside a group")
                }
                if inner == .endGroup {
                    guard Int(tag >> 3) == field else { throw Malformed(why: "group \(field) ends as \(tag >> 3)") }
                    return
                }
                try skip(inner, field: Int(tag >> 3), depth: depth + 1)
            }
        }
    }

    private mutating func advance(_ count: Int) throws(Malformed) {
        guard available >= count else { throw Malformed(why: "truncated fixed-size field") }
        cursor += count
    }
}
