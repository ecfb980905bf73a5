extension String {
    /// Runs `body` with the string's UTF-8 bytes, borrowed from its storage when it is contiguous
    /// (always, for native Swift strings), so an LMDB key costs no allocation.
    @inline(__always)
    func withUTF8Bytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        if let result = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(utf8).withUnsafeBytes(body)
    }
}
