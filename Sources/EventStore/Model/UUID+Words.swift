import Foundation

extension UUID {
    /// The UUID whose 16 bytes are `high` then `low`, each big-endian (the RFC 9562 byte order:
    /// version and variant bits are the caller's to set in the words).
    public init(high: UInt64, low: UInt64) {
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &id) { bytes in
            bytes.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        self.init(uuid: id)
    }
}

extension UUID {
    /// The 16 bytes as two big-endian words: ordered as the bytes are (as `event_ids` keys sort).
    var words: (UInt64, UInt64) {
        withUnsafeBytes(of: uuid) { bytes in
            (UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)), UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}
