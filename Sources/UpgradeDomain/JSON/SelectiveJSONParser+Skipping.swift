/// Leaving values out: checked as `JSONDecoder` decodes them, or, for the later value of a key
/// written twice (which the decoder does not decode), only scanned as its scanner does.
extension SelectiveJSONParser {
    /// Moves past the value of the member whose key starts at `keyStart`, in the object that starts
    /// at `objectStart`, checking it; if it fails the check and the key came earlier in the object,
    /// only scans it.
    mutating func skipMember(keyAt keyStart: Int, ofObjectAt objectStart: Int, depth: Int) throws(Malformed) {
        let valueStart = index
        do {
            try skip(depth: depth)
        } catch {
            guard isRepeated(keyAt: keyStart, inObjectAt: objectStart) else { throw error }
            index = valueStart
            try scan(depth: depth)
        }
    }

    /// Moves past the value at `index`, refusing what `JSONDecoder` refuses.
    private mutating func skip(depth: Int) throws(Malformed) {
        switch try nextByte() {
        case 0x7B:
            guard depth < Self.maximumDepth else { throw malformed(.tooDeep) }
            let start = index
            index += 1
            if try nextByte() == 0x7D { index += 1; return }
            repeat {
                guard try nextByte() == 0x22 else { throw malformed() }
                let keyStart = index
                try skipString()
                try expect(0x3A)
                try skipMember(keyAt: keyStart, ofObjectAt: start, depth: depth + 1)
            } while try separator(closing: 0x7D)
        case 0x5B:
            guard depth < Self.maximumDepth else { throw malformed(.tooDeep) }
            index += 1
            if try nextByte() == 0x5D { index += 1; return }
            repeat {
                try skip(depth: depth + 1)
            } while try separator(closing: 0x5D)
        case 0x22: try skipString()
        case 0x74: try word("true")
        case 0x66: try word("false")
        case 0x6E: try word("null")
        default: _ = try numberExtent()
        }
    }

    /// Moves past the string at `index`, refusing an escape or a control character JSON does not allow.
    private mutating func skipString() throws(Malformed) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22: return
            case 0x5C:
                let backslash = index - 1
                scratch.removeAll(keepingCapacity: true)
                guard JSONLexeme.escape(bytes, &index, into: &scratch) else { throw Malformed(offset: backslash, reason: .badEscape) }
            case 0x00..<0x20: throw Malformed(offset: index - 1, reason: .unexpected)
            default: continue
            }
        }
        throw malformed()
    }

    /// Moves past the value at `index` as `JSONDecoder`'s scanner does before anything is decoded:
    /// brackets, literals and nesting checked; a number is any run of its characters that starts
    /// as one, a string anything up to its closing quote (`\u` takes the four bytes after it).
    private mutating func scan(depth: Int) throws(Malformed) {
        let byte = try nextByte()
        switch byte {
        case 0x7B, 0x5B:
            guard depth < Self.maximumDepth else { throw malformed(.tooDeep) }
            let closing: UInt8 = byte == 0x7B ? 0x7D : 0x5D
            index += 1
            if try nextByte() == closing { index += 1; return }
            repeat {
                if closing == 0x7D {
                    guard try nextByte() == 0x22 else { throw malformed() }
                    try scanString()
                    try expect(0x3A)
                }
                try scan(depth: depth + 1)
            } while try separator(closing: closing)
        case 0x22: try scanString()
        case 0x74: try word("true")
        case 0x66: try word("false")
        case 0x6E: try word("null")
        case 0x2D, 0x30...0x39:
            index += 1
            while index < bytes.count, Self.numberCharacters.contains(bytes[index]) { index += 1 }
        default: throw malformed()
        }
    }

    private static let numberCharacters: Set<UInt8> = Set("0123456789+-.eE".utf8)

    private mutating func scanString() throws(Malformed) {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case 0x22: index += 1; return
            case 0x5C: index += index + 1 < bytes.count && bytes[index + 1] == 0x75 ? 6 : 2
            default: index += 1
            }
        }
        throw malformed()
    }

    /// Whether the key at `keyStart` is also the key of a member before it in the object at
    /// `objectStart` (every byte before `keyStart` has been read, so reading them again succeeds).
    private func isRepeated(keyAt keyStart: Int, inObjectAt objectStart: Int) -> Bool {
        var reader = self
        reader.index = keyStart
        guard let key = try? reader.string() else { return false }
        reader.index = objectStart + 1
        while reader.index < keyStart {
            guard (try? reader.nextByte()) == 0x22, reader.index < keyStart,
                  let earlier = try? reader.string() else { return false }
            if earlier == key { return true }
            guard (try? reader.expect(0x3A)) != nil, (try? reader.scan(depth: 0)) != nil,
                  (try? reader.separator(closing: 0x7D)) == true else { return false }
        }
        return false
    }
}
