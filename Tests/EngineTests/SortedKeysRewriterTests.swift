@testable import Engine
import EventStore
import Foundation
import Testing

/// JSON written again as Foundation writes it with sorted keys (what `GET /v1/events` has always
/// shown), byte for byte, and refused where that cannot be vouched for.
@Suite("JSON rewritten with Foundation's key order")
struct SortedKeysRewriterTests {
    /// What `JSONSerialization` writes back after reading `text`; nil when it does not read it.
    static func foundation(_ text: Data) -> [UInt8]? {
        guard let read = try? JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed]),
              let written = try? JSONSerialization.data(withJSONObject: [read], options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return Array(written.dropFirst().dropLast())
    }

    static func rewritten(_ text: Data, with rewriter: inout SortedKeysRewriter) -> [UInt8]? {
        var out: [UInt8] = Array("prefix ".utf8)
        guard rewriter.rewrite(text, into: &out) else {
            #expect(out == Array("prefix ".utf8), "a refusal leaves the output as it was")
            return nil
        }
        return Array(out.dropFirst(7))
    }

    static let texts = [
        // Key order: case, digits, punctuation and letters beyond ASCII, nested at several depths.
        #"{"b":1,"a":2,"B":3,"A":4,"item10":1,"item2":2,"a_b":1,"aB":1,"ab":1,"a-b":1,"a.b":1,"a1":1,"a01":1,"Zed":1,"zeta":1,"é":1,"e":1,"":1,"10":1,"9":1," s":1}"#,
        #"{"spec":{"rollout":{"maxUnavailable":1,"maxSurge":"25%","maxima":[{"Kind":"a","kind":"b"}]},"nodes":[{"nodeName":"n1","nodes":2}]},"metadata":{"name":"c1"}}"#,
        #"{"clusterId":"store-a","at":1732950000000,"pools":[{"id":"workers","role":"worker","nodes":[]},{"ID":"x","Id":"y"}]}"#,
        // Strings that need escapes, and Unicode written raw or as escapes.
        #"["a/b","a\/b","q\"b","back\\s","\n\t\r\b\f","\u0001\u001f\u0000","\u007f","é","\u00e9","e\u0301","日本","😀","\ud83d\ude00","\u2028","<>&'"]"#,
        #"{"k\"ey":"v","k\\ey":"w","k\u00e9y":"x","k/ey":"y","\ud83d\ude00":"z"}"#,
        // Numbers: whole ones in and past 64 bits, fractions, exponents, negative zero.
        #"[0,-0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,12345678901234567890,100000000000000000000]"#,
        #"[1.0,1.5,-0.0,0.1,1e2,1E2,1.5e300,1e-7,3.14159265358979,0.30000000000000004,2.5e-5,1e15,1e16,123.0,-2.75]"#,
        // The other values, empty containers, whitespace, and values alone.
        #" { "t" : true , "f" : false , "n" : null , "o" : { } , "a" : [ ] } "#,
        "\t[\n1\r, {\"x\" :[ ]}]\n", #""alone""#, "12", "-3.5", "true", "null", "{}", "[]",
    ]

    @Test(arguments: texts)
    func writesWhatFoundationWritesAfterReadingIt(text: String) throws {
        var rewriter = SortedKeysRewriter()
        let expected = try #require(Self.foundation(Data(text.utf8)), "Foundation reads \(text)")
        let written = try #require(Self.rewritten(Data(text.utf8), with: &rewriter), "refused \(text)")
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // The second time the shapes' orders are remembered: the same text again.
        #expect(Self.rewritten(Data(text.utf8), with: &rewriter) == written)
    }

    @Test(arguments: [
        "", " ", "{", #"{"a" 1}"#, "tru", "nul", "01", "[01]", "-", "1.", "1e", "+1", ".5", #""open"#,
        #""bad \q escape""#, #""\ud83d alone""#, #""\ude00 alone""#, "\"tab\there\"", "[1] 2", "NaN", "[Infinity]",
    ])
    func refusesWhatFoundationDoesNotRead(text: String) {
        var rewriter = SortedKeysRewriter()
        #expect(Self.rewritten(Data(text.utf8), with: &rewriter) == nil)
        #expect(Self.foundation(Data(text.utf8)) == nil, "Foundation refuses \(text) too")
    }

    /// Not rewritten, though Foundation reads some of them (trailing commas, a byte order mark):
    /// the caller asks Foundation for these.
    @Test(arguments: [
        Data("[1,]".utf8), Data(#"{"a":1,}"#.utf8),
        Data(#"{"a":1,"b":2,"a":3}"#.utf8),
        Data([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)),
        Data(#"["\#u{FF}"]"#.utf8.map { $0 == 0xC3 ? 0xFF : $0 }),
        Data((String(repeating: "[", count: SortedKeysRewriter.maxDepth + 1) + String(repeating: "]", count: SortedKeysRewriter.maxDepth + 1)).utf8),
    ])
    func refusesWhatItCannotVouchFor(text: Data) {
        var rewriter = SortedKeysRewriter()
        #expect(Self.rewritten(text, with: &rewriter) == nil)
    }

    /// Documents of random shape, with keys that differ in case, digits and punctuation, all
    /// through one rewriter (its remembered orders serve objects of a shape it saw before).
    @Test func randomDocumentsComeOutAsFoundationWritesThem() throws {
        var random = SplitMix64(seed: 20261130)
        var rewriter = SortedKeysRewriter()
        for round in 0..<400 {
            let text = Data(Self.randomValue(&random, depth: 0).utf8)
            let expected = try #require(Self.foundation(text), "Foundation reads round \(round)")
            let written = Self.rewritten(text, with: &rewriter)
            #expect(written == expected, "round \(round): \(String(decoding: text, as: UTF8.self))")
        }
    }

    static let keyPieces = ["a", "A", "b", "B", "z", "Z", "_", "-", ".", "0", "1", "2", "10", "é", "E", " ", "id", "Id", "ID", "x9", "x10"]
    static let stringPieces = ["plain", "\"", "\\", "/", "\n", "\u{01}", "é", "😀", "\u{7F}", " "]
    static let numbers = ["0", "-0", "7", "-42", "9223372036854775807", "18446744073709551615", "0.5", "-1.25e3", "1e-9", "2.0"]

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> String {
        switch random.next(below: depth > 3 ? 4 : 6) {
        case 0: return numbers[random.next(below: numbers.count)]
        case 1: return ["true", "false", "null"][random.next(below: 3)]
        case 2, 3: return quoted((0..<random.next(below: 4)).map { _ in stringPieces[random.next(below: stringPieces.count)] }.joined())
        case 4: return "[" + (0..<random.next(below: 4)).map { _ in randomValue(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            var keys: [String] = []
            for _ in 0..<random.next(below: 7) {
                let key = (0..<(1 + random.next(below: 3))).map { _ in keyPieces[random.next(below: keyPieces.count)] }.joined()
                if !keys.contains(key) { keys.append(key) }
            }
            return "{" + keys.map { quoted($0) + ":" + randomValue(&random, depth: depth + 1) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONScalar.appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension SplitMix64 {
    /// A number in 0..<bound.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
