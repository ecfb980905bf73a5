import Foundation
import Testing
@testable import UpgradeDomain

@Suite("Template values and instants")
struct TemplateValueTests {
    @Test("JSON values decode to a structural tree; key order does not matter")
    func structuralEquality() throws {
        let a = try CAPIWatchEventParser.decodeJSON(#"{"a":1,"b":[true,null,"x",1.5],"c":{"d":-2}}"#)
        let b = try CAPIWatchEventParser.decodeJSON(#"{ "c": {"d": -2}, "b": [true, null, "x", 1.5], "a": 1 }"#)
        #expect(a == b)
        #expect(a["b"] == .array([.bool(true), .null, .string("x"), .number(1.5)]))
        #expect(a["a"] == .integer(1))
        #expect(a != (try CAPIWatchEventParser.decodeJSON(#"{"a":2,"b":[true,null,"x",1.5],"c":{"d":-2}}"#)))
        #expect(try CAPIWatchEventParser.decodeJSON("[1,true]") != CAPIWatchEventParser.decodeJSON("[true,1]"))
    }

    @Test("instants print as RFC 3339 UTC", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_795_428_000_000), "2026-11-23T10:00:00.000Z"),
        (Int64(951_782_400_123), "2000-02-29T00:00:00.123Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
    ])
    func instants(milliseconds: Int64, text: String) {
        #expect(TemplateInstant(millisecondsSinceEpoch: milliseconds).description == text)
    }

    @Test("numbers compare by exact value, as pack values do: 1000 = 1e3 = 1000.0, and no two different numbers are equal")
    func numbersByExactValue() throws {
        let thousand = try ["1000", "1e3", "1000.0", "1E+3", "10000e-1"].map { try CAPIWatchEventParser.decodeJSON("[\($0)]") }
        for value in thousand { #expect(value == .array([.integer(1000)])) }
        #expect(TemplateValue.integer(1000) == .number(TemplateNumber(text: "1e3")))
        #expect(TemplateValue.number(0.1) == .number(TemplateNumber(text: "0.10")))
        #expect(TemplateValue.number(TemplateNumber(text: "-0.0")) == .integer(0))
        // Equal values hash alike, whichever case holds them.
        #expect(Set([TemplateValue.integer(1000), .number(TemplateNumber(text: "1000.0")), .number(1e3)]).count == 1)
        // Numbers a Double cannot tell apart are different variables.
        let big = try CAPIWatchEventParser.decodeJSON(#"{"big":123456789012345678901}"#)
        #expect(big != (try CAPIWatchEventParser.decodeJSON(#"{"big":123456789012345678902}"#)))
        #expect(big["big"] == .number(TemplateNumber(text: "123456789012345678901")))
        #expect(TemplateValue.number(0.1) != .number(TemplateNumber(text: "0.1000000000000000055511151231257827")))
        #expect(TemplateValue.integer(1) != .string("1"))
    }

    static let exactNumbers = [
        "123456789012345678901", "18446744073709551615", "-9223372036854775809", "0.1", "-1.5e-7", "1e25",
        "3.1415926535897932384626433832795028841", "99999999999999999999999999999999999999", "12345678901234567890.5", "1e-200",
    ]

    @Test("a number reads back from what JSONEncoder wrote exactly, and a reader from before exact numbers still reads it",
          arguments: exactNumbers)
    func numbersRoundTrip(text: String) throws {
        let value = try CAPIWatchEventParser.decodeJSON(#"{"n":\#(text)}"#)
        #expect(value["n"] == .number(TemplateNumber(text: text)))
        let written = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(TemplateValue.self, from: written) == value, "\(String(decoding: written, as: UTF8.self))")
        // The value as an older build decoded variables: an Int64, else the Double nearest.
        struct OlderReader: Decodable {
            var n: Double
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                n = try (try? container.decode(Int64.self, forKey: .n)).map(Double.init) ?? container.decode(Double.self, forKey: .n)
            }
            enum CodingKeys: CodingKey { case n }
        }
        #expect(try JSONDecoder().decode(OlderReader.self, from: written).n == Double(text))
    }

    @Test("numbers as an older build stored them, rounded through Double, still decode, by the Double's value")
    func numbersStoredBeforeExactness() throws {
        let stored = try CAPIWatchEventParser.decodeJSON(
            #"{"big":1.2345678901234567e+20,"u":1.8446744073709552e+19,"pi":3.141592653589793,"tiny":1e-200,"tenth":0.1}"#)
        #expect(stored == .object([
            "big": .number(1.2345678901234567e+20), "u": .number(1.8446744073709552e+19), "pi": .number(3.141592653589793),
            "tiny": .number(1e-200), "tenth": .number(0.1),
        ]))
        #expect(stored["big"] == .number(TemplateNumber(text: "123456789012345670000")))
    }

    @Test("an exact number is kept by its value, written one canonical way", arguments: [
        ("1000.0", "1000"), ("1e3", "1000"), ("0.10", "0.1"), ("-0.0", "0"), ("1.5E-7", "0.00000015"),
        ("123456789012345678901", "123456789012345678901"), ("1e40", "1e40"), ("-12.50e-1", "-1.25"),
    ])
    func canonicalNumbers(text: String, canonical: String) {
        #expect(TemplateNumber(text: text).canonical == canonical)
    }
}
