import Foundation

/// The Unicode encodings a JSON document read by `JSONNode` may be in, told apart as
/// `JSONSerialization` tells them apart: a byte order mark first, else the pattern of zero bytes in
/// the first four (JSON text starts with two ASCII characters, RFC 4627 §3), else UTF-8.
///
/// A document is turned into UTF-8 before anything parses it, so that both readers of a scenario
/// (`JSONSerialization` for its shape, the engine's exact reader for template variables) read the
/// same bytes whatever the file's encoding (ADR 0020).
enum JSONTextEncoding: String, Equatable, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf16BigEndian = "UTF-16BE"
    case utf16LittleEndian = "UTF-16LE"
    case utf32BigEndian = "UTF-32BE"
    case utf32LittleEndian = "UTF-32LE"

    /// Text that is not valid in the encoding it was detected as, and the byte offset where that shows.
    struct Invalid: Error, Equatable {
        let encoding: JSONTextEncoding
        let offset: Int

        var problem: String { "not valid \(encoding.rawValue) text (at byte \(offset))" }
    }

    /// The encoding of `bytes` and the length of its byte order mark (0 when it has none).
    static func detect(_ bytes: some RandomAccessCollection<UInt8>) -> (encoding: JSONTextEncoding, markLength: Int) {
        let head = Array(bytes.prefix(4))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.count == 4 {
            if head == [0x00, 0x00, 0xFE, 0xFF] { return (.utf32BigEndian, 4) }
            if head == [0xFF, 0xFE, 0x00, 0x00] { return (.utf32LittleEndian, 4) }
            if head.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
            if head.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
            switch (head[0], head[1], head[2], head[3]) {
            case (0, 0, 0, _): return (.utf32BigEndian, 0)
            case (_, 0, 0, 0): return (.utf32LittleEndian, 0)
            case (0, _, 0, _): return (.utf16BigEndian, 0)
            case (_, 0, _, 0): return (.utf16LittleEndian, 0)
            default: return (.utf8, 0)
            }
        }
        if head.count >= 2 {
            if head[0] == 0 { return (.utf16BigEndian, 0) }
            if head[1] == 0 { return (.utf16LittleEndian, 0) }
        }
        return (.utf8, 0)
    }

    /// `data` as UTF-8 without a byte order mark. UTF-8 text is passed on as it is (its validity is
    /// the parsers' to judge, as before); UTF-16 and UTF-32 text is transcoded, and a unit cut off at
    /// the end, a lone surrogate or a value past U+10FFFF is `Invalid`, naming the byte.
    static func utf8(_ data: Data) throws(Invalid) -> Data {
        let bytes = [UInt8](data)
        let (encoding, markLength) = detect(bytes)
        let body = bytes[markLength...]
        switch encoding {
        case .utf8: return Data(body)
        case .utf16BigEndian, .utf16LittleEndian:
            return try transcode(body, as: UTF16.self, width: 2, bigEndian: encoding == .utf16BigEndian, encoding: encoding, markLength: markLength)
        case .utf32BigEndian, .utf32LittleEndian:
            return try transcode(body, as: UTF32.self, width: 4, bigEndian: encoding == .utf32BigEndian, encoding: encoding, markLength: markLength)
        }
    }

    private static func transcode<Codec: UnicodeCodec>(
        _ body: ArraySlice<UInt8>, as codec: Codec.Type, width: Int, bigEndian: Bool, encoding: JSONTextEncoding, markLength: Int
    ) throws(Invalid) -> Data where Codec.CodeUnit: FixedWidthInteger {
        var units: [Codec.CodeUnit] = []
        units.reserveCapacity(body.count / width)
        var index = body.startIndex
        while index + width <= body.endIndex {
            var unit: Codec.CodeUnit = 0
            for offset in 0..<width {
                let byte = Codec.CodeUnit(body[index + (bigEndian ? offset : width - 1 - offset)])
                unit = unit << 8 | byte
            }
            units.append(unit)
            index += width
        }
        guard index == body.endIndex else { throw Invalid(encoding: encoding, offset: index) }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        var decoder = Codec()
        var iterator = units.makeIterator()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                UTF8.encode(scalar) { output.append($0) }
                consumed += scalar.value > 0xFFFF && width == 2 ? 2 : 1
            case .emptyInput:
                break loop
            case .error:
                throw Invalid(encoding: encoding, offset: markLength + consumed * width)
            }
        }
        return Data(output)
    }
}
