import Foundation

/// A JSON object written member by member straight into bytes, in the order the members come:
/// a recorded event's envelope for `orchestrator export` and for `GET /v1/events` alike, without
/// an intermediate dictionary or Foundation's writer.
///
/// Keys are our own literals and are written as they are (they need no escapes); values are
/// escaped as `JSONScalar` escapes them, which is also how `JSONSerialization` writes them.
public struct JSONObjectWriter {
    private var out: [UInt8]
    private var members = 0

    public init(reservingCapacity capacity: Int = 256) {
        out = []
        out.reserveCapacity(capacity)
        out.append(0x7B)
    }

    /// The object's text, closed.
    public consuming func finished() -> [UInt8] {
        out.append(0x7D)
        return out
    }

    /// The object's text, closed, as a string.
    public consuming func finishedText() -> String {
        String(decoding: finished(), as: UTF8.self)
    }

    public mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        JSONScalar.appendString(value, to: &out)
    }

    public mutating func integer(_ key: StaticString, _ value: Int64) {
        self.key(key)
        JSONScalar.appendInteger(value, to: &out)
    }

    public mutating func integer(_ key: StaticString, _ value: UInt64) {
        self.key(key)
        JSONScalar.appendInteger(value, to: &out)
    }

    /// An event id as lowercase text (`0f2c…-…`), the form every event JSON shows.
    public mutating func id(_ key: StaticString, _ value: UUID) {
        self.key(key)
        out.append(0x22)
        withUnsafeBytes(of: value.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(0x2D) }
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        out.append(0x22)
    }

    /// A member whose value is JSON text already.
    public mutating func json(_ key: StaticString, _ value: String) {
        self.key(key)
        out.append(contentsOf: value.utf8)
    }

    /// A member whose value `write` appends; when it returns false the member is taken back whole
    /// (the object is as it was before) and false is returned.
    public mutating func json(_ key: StaticString, writing write: (inout [UInt8]) -> Bool) -> Bool {
        let before = out.count
        let membersBefore = members
        self.key(key)
        guard write(&out) else {
            out.removeSubrange(before...)
            members = membersBefore
            return false
        }
        return true
    }

    private mutating func key(_ key: StaticString) {
        if members > 0 { out.append(0x2C) }
        members += 1
        out.append(0x22)
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(0x22)
        out.append(0x3A)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
