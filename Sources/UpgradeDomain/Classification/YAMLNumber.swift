/// The value of a YAML int or float, written one canonical way so that equal numbers compare equal,
/// an int and a float of one value too (`canonicalIntAsFloat`).
///
/// Reads the forms Yams's resolver gives the int and float tags (YAML 1.1): a sign, `_` between
/// digits, `0b`, `0o` or a leading `0` for octal, `0x`, base 60 (`1:30`), exponents, and `.inf` and
/// `.nan` in each of their spellings. Values are exact, never rounded through `Int64` or `Double`: two
/// different numbers never read the same, however long, and a NaN reads the same as itself.
enum YAMLNumber {
    /// The longest numeral in base 2, 8, 16 or 60 that is converted; a longer one is compared as written.
    static let maxDigits = 4096
    /// The largest power of ten read in a float's exponent; a larger one is compared as written.
    static let maxExponent = 1_000_000_000
    /// How many zeros a canonical float writes out before it switches to an exponent (`15e-40`).
    private static let plainReach = 20

    /// `0x6E`, `+110`, `1_1_0`, `0o156`, `0156`, `1:50` → `110`; `-0` → `0`. Nil when `text` is no int.
    static func canonicalInt(_ text: String) -> String? {
        let (negative, body) = signed(text)
        guard let magnitude = intMagnitude(body) else { return nil }
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// `1.50` → `1.5`; `1e3`, `1_000.0` → `1000`; `-0.0` → `0`; `.Inf` → `.inf`; `.NaN` → `.nan`.
    /// Nil when `text` is no float.
    static func canonicalFloat(_ text: String) -> String? {
        let (negative, body) = signed(text)
        switch body.lowercased() {
        case ".inf": return negative ? "-.inf" : ".inf"
        case ".nan": return ".nan"
        default: break
        }
        guard let (digits, exponent) = decimal(body) else { return nil }
        return canonical(digits: Substring(digits), exponent: exponent, negative: negative)
    }

    /// The value of an int in the form `canonicalFloat` writes, so that an int and a float of one
    /// value read the same: `1000`, `0x3E8` → `1000` as `1e3` does; `10` followed by 24 zeros →
    /// `1e25`. Nil when `text` is no int.
    static func canonicalIntAsFloat(_ text: String) -> String? {
        guard let value = canonicalInt(text) else { return nil }
        let negative = value.hasPrefix("-")
        return canonical(digits: negative ? value.dropFirst() : Substring(value), exponent: 0, negative: negative)
    }

    /// `digits` × 10^`exponent`, signed: leading zeros dropped, trailing ones moved into the exponent,
    /// zero unsigned (`-0` and `0` are one value).
    private static func canonical(digits: Substring, exponent: Int, negative: Bool) -> String {
        var mantissa = digits.drop { $0 == "0" }
        var shift = 0
        while mantissa.last == "0" {
            mantissa = mantissa.dropLast()
            shift += 1
        }
        guard !mantissa.isEmpty else { return "0" }
        let magnitude = plain(mantissa, exponent: exponent + shift)
        return negative ? "-" + magnitude : magnitude
    }

    private static func signed(_ text: String) -> (negative: Bool, body: Substring) {
        let body = Substring(text)
        switch body.first {
        case "-": return (true, body.dropFirst())
        case "+": return (false, body.dropFirst())
        default: return (false, body)
        }
    }

    /// The decimal digits of an unsigned int numeral.
    private static func intMagnitude(_ body: Substring) -> String? {
        if body.contains(":") { return sexagesimal(body) }
        if body.hasPrefix("0b") { return positional(body.dropFirst(2), radix: 2) }
        if body.hasPrefix("0x") { return positional(body.dropFirst(2), radix: 16) }
        if body.hasPrefix("0o") { return positional(body.dropFirst(2), radix: 8) }
        if body.hasPrefix("0"), body.count > 1 { return positional(body, radix: 8) }
        return positional(body, radix: 10)
    }

    /// The decimal digits of `numeral` in `radix`, `_` ignored; nil if it holds no digit or another character.
    private static func positional(_ numeral: Substring, radix: Int) -> String? {
        let digits = numeral.filter { $0 != "_" }
        var values: [UInt64] = []
        for character in digits {
            guard character.isASCII, let value = character.hexDigitValue, value < radix else { return nil }
            values.append(UInt64(value))
        }
        guard !values.isEmpty else { return nil }
        if radix == 10 {
            let significant = digits.drop { $0 == "0" }
            return significant.isEmpty ? "0" : String(significant)
        }
        guard values.count <= maxDigits else { return nil }
        var number = NaturalNumber()
        for value in values { number.multiply(by: UInt64(radix), adding: value) }
        return number.decimalText
    }

    /// `190:20:30` → `685230`: a decimal head, then base-60 places of one or two digits below 60.
    private static func sexagesimal(_ body: Substring) -> String? {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first.flatMap({ positional($0, radix: 10) }),
              head.count + parts.count <= maxDigits else { return nil }
        var number = NaturalNumber()
        for byte in head.utf8 { number.multiply(by: 10, adding: UInt64(byte - UInt8(ascii: "0"))) }
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy(\.isASCII), let place = UInt64(part), place < 60 else {
                return nil
            }
            number.multiply(by: 60, adding: place)
        }
        return number.decimalText
    }

    /// The digits and the power of ten of an unsigned float numeral: `1_000.50e-1` → (`100050`, -3).
    private static func decimal(_ body: Substring) -> (digits: String, exponent: Int)? {
        var mantissa = body
        var exponent = 0
        if let mark = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let power = Int(body[body.index(after: mark)...]), abs(power) <= maxExponent else { return nil }
            exponent = power
            mantissa = body[..<mark]
        }
        let point = mantissa.firstIndex(of: ".")
        let whole = point.map { mantissa[..<$0] } ?? mantissa
        let fraction = point.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        let fractionDigits = fraction.filter { $0 != "_" }
        guard fractionDigits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let wholeDigits: String
        if whole.contains(":") {
            guard let value = sexagesimal(whole) else { return nil }
            wholeDigits = value
        } else {
            wholeDigits = whole.filter { $0 != "_" }
            guard wholeDigits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        guard !(wholeDigits.isEmpty && fractionDigits.isEmpty) else { return nil }
        return (wholeDigits + fractionDigits, exponent - fractionDigits.count)
    }

    /// `15`, -1 → `1.5`; `1`, 3 → `1000`; `15`, -4 → `0.0015`; far from the point, `15e-40`.
    private static func plain(_ mantissa: Substring, exponent: Int) -> String {
        let digits = String(mantissa)
        if exponent >= 0, exponent <= plainReach {
            return digits + String(repeating: "0", count: exponent)
        }
        if exponent < 0, -exponent < digits.count {
            let point = digits.index(digits.endIndex, offsetBy: exponent)
            return String(digits[..<point]) + "." + String(digits[point...])
        }
        if exponent < 0, -exponent - digits.count <= plainReach {
            return "0." + String(repeating: "0", count: -exponent - digits.count) + digits
        }
        return "\(digits)e\(exponent)"
    }
}
