import PropertyBased
import Testing
import UpgradeDomain

/// Numbers compare by the exact value YAML gives them, whether it resolves an int or a float (Helm
/// and Kairos read both into one Go number): `110` is `0x6E`, `1.5` is `1.50`, `1000` is `1e3`, but a
/// quoted "110" is a string, and `0.1` is not `0.1000000000000000055` (one double, two values).
@Suite("Numeric scalars")
struct NumericScalarTests {
    static func values(_ scalar: String) throws -> PackValues {
        try PackValues(yaml: "cluster:\n  v: \(scalar)\n")
    }

    static func changes(_ old: String, _ new: String) throws -> [String] {
        ValueDiff.changes(from: try values(old), to: try values(new)).map { "\($0.path) \($0.kind.rawValue)" }
    }

    @Test("numerically equal spellings of one int or one float are no change", arguments: [
        ("110", "0x6E"), ("-110", "-0x6e"), ("15", "0o17"), ("15", "017"), ("10", "0b1010"), ("1", "+1"),
        ("0", "-0"), ("1000", "1_000"), ("90", "1:30"),
        ("12345678901234567890123", "0x29D42B64E76714244CB"), ("18446744073709551616", "0o2000000000000000000000"),
        ("1.5", "1.50"), ("1.5", "+1.5"), ("1e3", "1000.0"), ("1e+3", "1E3"), ("0.0", "-0.0"), ("0.5", ".5"),
        ("1.", "1.0"), ("1_000.5", "1000.50"), ("90.5", "1:30.5"),
        ("123456789012345678901234567890.5", "1234567890123456789012345678905e-1"),
        (".inf", ".Inf"), (".inf", "+.INF"), ("-.inf", "-.Inf"), (".nan", ".NaN"), (".NaN", ".NAN"),
    ])
    func equalNumbers(old: String, new: String) throws {
        #expect(try Self.changes(old, new) == [])
        #expect(try Self.values(old) == Self.values(new))
    }

    @Test("an int and a float of one value are no change, as Go reads both into one number", arguments: [
        ("1000", "1e3"), ("1000", "1000.0"), ("1", "1.0"), ("0x3E8", "1e3"), ("-1000", "-1e3"), ("1:30", "90.0"),
        ("0", "0.0"), ("0", "-0.0"), ("-0", "0.0"), ("0", "0e9"),
        ("10000000000000000000000000", "1e25"), ("0x21E19E0C9BAB2400000", "1e22"),
        ("18446744073709551616", "18446744073709551616.0"), ("123456789012345678901234567890", "12345678901234567890123456789e1"),
    ])
    func intAndFloatOfOneValue(int: String, float: String) throws {
        #expect(try Self.changes(int, float) == [])
        #expect(try Self.changes(float, int) == [])
        #expect(try Self.values(int) == Self.values(float))
        #expect(try Set([Self.values(int), Self.values(float)]).count == 1)
    }

    @Test("different numbers, and a quoted number against a number, are changes", arguments: [
        ("110", "111"), ("-0x6E", "0x6E"), ("\"110\"", "110"), ("\"0x6E\"", "110"), ("\"110\"", "\"0x6E\""),
        ("\"1000\"", "1e3"), ("1000", "\"1e3\""), ("1000", "1000.5"), ("1", "1.1"), ("1", "-1.0"), ("1.5", "1.6"),
        ("18446744073709551617", "18446744073709551616.0"), ("9007199254740993", "9007199254740992.0"),
        ("0.1", "0.1000000000000000055"), ("1e400", ".inf"), ("-1e400", "-.inf"), ("1000", ".inf"), ("0", ".nan"),
        ("18446744073709551616", "18446744073709551617"), ("9223372036854775807", "9223372036854775808"),
        ("0.1", "0.10000000000000000001"), ("1e400", "1e401"),
        (".inf", "-.inf"), (".nan", ".inf"), (".nan", "0.0"),
    ])
    func differentNumbers(old: String, new: String) throws {
        #expect(try Self.changes(old, new) == ["cluster.v modified"])
    }

    @Test("a value left as it is is never a change, whatever its spelling", arguments: [
        "110", "0x6E", "-0", "1:30", "99999999999999999999999999", ".nan", ".NaN", "-.inf", "1.50", "1e400", "\"110\"",
    ])
    func unchangedIsNoChange(scalar: String) throws {
        #expect(try Self.changes(scalar, scalar) == [])
    }

    @Test("an int written in another base, sign included, is the same int; the next int is not")
    func anyIntInAnyBase() async {
        await propertyCheck(input: Gen.int128()) { number in
            let sign = number < 0 ? "-" : ""
            let magnitude = number.magnitude
            let spellings = [
                "\(number)", "\(sign)0x\(String(magnitude, radix: 16))", "\(sign)0o\(String(magnitude, radix: 8))",
                "\(sign)0\(String(magnitude, radix: 8))", "\(sign)0b\(String(magnitude, radix: 2))",
            ]
            let read = spellings.compactMap { try? Self.values($0) }
            #expect(read.count == spellings.count)
            #expect(Set(read).count == 1)
            if number < .max {
                let next = try? Self.changes("\(number)", "\(number + 1)")
                #expect(next == ["cluster.v modified"])
            }
        }
    }

    @Test("a float with its point or exponent moved is the same float")
    func anyFloatShifted() async {
        await propertyCheck(input: Gen.int128(), Gen.int(in: -40...40)) { mantissa, exponent in
            let plain = try? Self.values("\(mantissa)e\(exponent)")
            let shifted = try? Self.values("\(mantissa)0e\(exponent - 1)")
            let pointed = try? Self.values("\(mantissa).000e\(exponent)")
            #expect(plain != nil)
            #expect(shifted == plain)
            #expect(pointed == plain)
        }
    }

    @Test("an int is the same number as a float spelling of it, and not the next float")
    func anyIntAsFloat() async {
        await propertyCheck(input: Gen.int128(), Gen.int(in: 0...30)) { number, zeros in
            let padding = String(repeating: "0", count: zeros)
            let int = try? Self.values("\(number)")
            let spellings = ["\(number).0", "\(number)e0", "\(number)\(padding)e-\(zeros)", "\(number).\(padding)"]
            for spelling in spellings {
                let read = try? Self.values(spelling)
                #expect(read != nil && read == int, "\(number) against \(spelling)")
            }
            let beside = try? Self.changes("\(number)", "\(number).\(padding)1")
            #expect(beside == ["cluster.v modified"])
        }
    }

    @Test("a numerically equal change classifies as no change through the tables")
    func equalNumberIsNoOp() throws {
        for (old, new) in [("110", "0x6E"), ("1000", "1e3")] {
            let result = ChangeClassifier.classify(
                layer: .kubernetes, distribution: .k3s, old: try Self.values(old), new: try Self.values(new))
            #expect(result.behavior == .noOp, "\(old) → \(new)")
            #expect(result.changes.isEmpty, "\(old) → \(new)")
        }
    }
}
