/// The pieces of JSON's grammar that the one-pass readers read alike (the engine's
/// `JSONValueParser`, which builds values, and `SortedKeysRewriter`, which writes them again; here,
/// `SelectiveJSONParser`, which reads watch lines): an escape in a string, four hex digits, a
/// number's extent. Each leaves `index` where the text stops being JSON when it fails, so a reader
/// can say where. It lives in the domain target, which does no I/O, so that every target can share it.
package enum JSONLexeme {
    /// Decodes the escape whose letter is at `index` (just after the backslash) into `utf8`,
    /// surrogate pairs joined. False when it is not an escape JSON allows.
    package static func escape<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, _ index: inout Int, into utf8: inout [UInt8]
    ) -> Bool where Bytes.Index == Int {
        guard index < bytes.endIndex else { return false }
        let byte = bytes[index]
        switch byte {
        case 0x22, 0x5C, 0x2F: utf8.append(byte)
        case 0x62: utf8.append(0x08)
        case 0x66: utf8.append(0x0C)
        case 0x6E: utf8.append(0x0A)
        case 0x72: utf8.append(0x0D)
        case 0x74: utf8.append(0x09)
        case 0x75:
            index += 1
            guard var scalar = hex4(bytes, &index) else { return false }
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate is a character only with the low one after it.
                guard index + 1 < bytes.endIndex, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { return false }
                index += 2
                guard let low = hex4(bytes, &index), (0xDC00..<0xE000).contains(low) else { return false }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let character = Unicode.Scalar(scalar) else { return false }
            utf8.append(contentsOf: String(Character(character)).utf8)
            return true
        default: return false
        }
        index += 1
        return true
    }

    /// The four hex digits at `index`, which moves past them; nil (and `index` unmoved) if they
    /// are not four hex digits.
    package static func hex4<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) -> UInt32? where Bytes.Index == Int {
        guard index + 4 <= bytes.endIndex else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    /// Moves `index` past the number at it and says whether it is whole (no fraction, no
    /// exponent); nil where it stops being a number: a bare sign, a leading zero (`01`), a point
    /// or an exponent without digits.
    package static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) -> Bool? where Bytes.Index == Int {
        if index < bytes.endIndex, bytes[index] == 0x2D { index += 1 }
        let digits = index
        skipDigits(bytes, &index)
        guard index > digits else { return nil }
        if bytes[digits] == 0x30, index > digits + 1 {
            index = digits + 1
            return nil
        }
        var whole = true
        if index < bytes.endIndex, bytes[index] == 0x2E {
            whole = false
            index += 1
            let fraction = index
            skipDigits(bytes, &index)
            guard index > fraction else { return nil }
        }
        if index < bytes.endIndex, bytes[index] == 0x65 || bytes[index] == 0x45 {
            whole = false
            index += 1
            if index < bytes.endIndex, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            let exponent = index
            skipDigits(bytes, &index)
            guard index > exponent else { return nil }
        }
        return whole
    }

    private static func skipDigits<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) where Bytes.Index == Int {
        while index < bytes.endIndex, (0x30...0x39).contains(bytes[index]) { index += 1 }
    }
}
