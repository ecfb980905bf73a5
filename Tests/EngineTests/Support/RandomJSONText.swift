import PropertyBased

/// Random JSON text, canonical or not: keys in byte order or shuffled or repeated, ASCII and
/// accented keys, strings with every kind of escape (the letters the engine writes, `\/`, `\u`
/// in both cases), whole numbers short and long, fractions, exponents, `-0`, and whitespace here
/// and there. With `canonicalSubset`, only the form the engine writes: sorted unique ASCII keys,
/// escapes by letter, whole numbers of up to 15 digits, no whitespace.
struct RandomJSONText {
    var canonicalSubset = false

    static let asciiKeys = ["a", "b", "B", "Z", "a_b", "a-b", "id", "item10", "item2", "k q", "~", "at"]
    static let otherKeys = ["é", "e\u{301}", "k\"q", "k\\q", "日"]
    static let characters: [String] = ["a", "Z", "0", " ", "/", "~", "\u{7F}", "é", "e\u{301}", "€", "😀", "\u{2028}", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}"]
    static let canonicalNumbers = ["0", "7", "-12", "100", "1795000060000", "-999999999999999", "999999999999999"]
    static let otherNumbers = ["-0", "1234567890123456", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
                               "1.5", "-0.25", "1.0", "1e3", "2E-2", "0.1", "123456789012345678901"]

    var texts: Generator<String, Shrink.None<String>> {
        Generator { [self] rng in value(&rng, depth: 0) }
    }

    func value(_ rng: inout some RandomNumberGenerator, depth: Int) -> String {
        let kinds = depth < 4 ? 6 : 4
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return string(&rng)
        case 1: return number(&rng)
        case 2: return ["true", "false", "null"].randomElement(using: &rng)!
        case 3: return string(&rng)
        case 4: return space(&rng) + "[" + (0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) }
            .joined(separator: separator(&rng)) + "]" + space(&rng)
        default: return object(&rng, depth: depth)
        }
    }

    func object(_ rng: inout some RandomNumberGenerator, depth: Int) -> String {
        let pool = canonicalSubset ? Self.asciiKeys : Self.asciiKeys + Self.otherKeys
        var keys = Array(Set((0..<Int.random(in: 0...4, using: &rng)).map { _ in pool.randomElement(using: &rng)! }))
        keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if !canonicalSubset {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: keys.shuffle(using: &rng)
            case 1: if let first = keys.first { keys.append(first) }
            default: break
            }
        }
        let pairs = keys.map { key in quoted(key, &rng) + space(&rng) + ":" + space(&rng) + value(&rng, depth: depth + 1) }
        return "{" + pairs.joined(separator: separator(&rng)) + "}"
    }

    func string(_ rng: inout some RandomNumberGenerator) -> String {
        quoted((0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.characters.randomElement(using: &rng)! }.joined(), &rng)
    }

    /// `text` as a string literal: escaped as the engine escapes, or (outside the subset) now and
    /// then in another way JSON allows.
    func quoted(_ text: String, _ rng: inout some RandomNumberGenerator) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let other = !canonicalSubset && Int.random(in: 0..<5, using: &rng) == 0
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += other ? "\\u000a" : "\\n"
            case "\r": out += "\\r"
            case "\t": out += other ? "\\u0009" : "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "/": out += other ? "\\/" : "/"
            case let control where control.value < 0x20:
                // The engine writes these as `\u00xx`; the subset leaves them out.
                out += canonicalSubset ? "" : String(format: other ? "\\u%04X" : "\\u%04x", control.value)
            case let wide where wide.value > 0x7F && other:
                out += wide.utf16.map { String(format: "\\u%04x", $0) }.joined()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    func number(_ rng: inout some RandomNumberGenerator) -> String {
        let pool = canonicalSubset ? Self.canonicalNumbers : Self.canonicalNumbers + Self.otherNumbers
        return pool.randomElement(using: &rng)!
    }

    func space(_ rng: inout some RandomNumberGenerator) -> String {
        !canonicalSubset && Int.random(in: 0..<8, using: &rng) == 0 ? [" ", "\n", "\t", "\r\n "].randomElement(using: &rng)! : ""
    }

    func separator(_ rng: inout some RandomNumberGenerator) -> String {
        space(&rng) + "," + space(&rng)
    }
}
