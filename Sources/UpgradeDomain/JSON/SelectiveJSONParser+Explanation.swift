extension SelectiveJSONParser.Malformed {
    /// What is wrong and where, for a person: `unexpected 'x' at column 12` (columns count bytes
    /// from 1, on one line).
    func explanation(in text: String) -> String {
        let column = "column \(offset + 1)"
        switch reason {
        case .tooDeep:
            return "arrays and objects nested deeper than \(SelectiveJSONParser.maximumDepth) at \(column)"
        case .numberTooLarge:
            return "a number beyond what a Double holds at \(column)"
        case .badEscape:
            return "an escape JSON does not allow at \(column)"
        case .unexpected:
            let bytes = text.utf8
            guard offset < bytes.count else { return "the text stops short at \(column)" }
            let byte = bytes[bytes.index(bytes.startIndex, offsetBy: offset)]
            let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))"
            return "unexpected \(shown) at \(column)"
        }
    }
}
