@testable import Engine
import Foundation
import Testing
import UpgradeDomain

/// The parser `LegacyPayload` reads old payloads with reads JSON as `JSONDecoder` does.
@Suite("Any JSON value in one pass")
struct JSONValueParserTests {
    static let texts = [
        #"{"a":[1,-2,3.5,-0.25,2E-2,9223372036854775807,-9223372036854775808,9223372036854775808],"b":{"c":null,"d":true,"e":false}}"#,
        #" [ "plain" , "esc \" \\ \/ \b \f \n \r \t" , "\u00e9\u65e5\ud83d\ude00" , "é日😀" ] "#,
        #"{}"#, #"[]"#, #""just text""#, #"0"#, #"{"nested":[[[[{"deep":[]}]]]]}"#,
    ]

    @Test(arguments: texts)
    func readsAsJSONDecoderReadsIt(text: String) throws {
        let parsed = try JSONValueParser.parse(Data(text.utf8))
        #expect(parsed == (try JSONDecoder().decode(TemplateValue.self, from: Data(text.utf8))))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", #"{"a" 1}"#, #"{"a":1,}"#, "tru", "nul", "01x", "-", "1.", "1e", #""open"#,
        #""bad \q escape""#, #""\ud83d alone""#, "\"tab\there\"", "[1] 2", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func refusesWhatIsNotOneJSONValue(text: String) {
        #expect(throws: JSONValueParser.Malformed.self) { try JSONValueParser.parse(Data(text.utf8)) }
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "$.a"),
        (#"{"fleet":[{"class":"x"},{"class":"y","count":1,"count":2}]}"#, "$.fleet[1].count"),
        (#"[[{"k":{"z":0,"z":{"w":1,"w":2}}}]]"#, "$[0][0].k.z"),
        (#"{"b":{"c":1,"c":1},"a":1,"a":1}"#, "$.b.c"),
    ])
    func namesTheFirstKeyAnObjectRepeats(text: String, path: String) throws {
        let reading = try #require(TemplateValue.exactJSONNamingRepeatedKey(Data(text.utf8)))
        #expect(reading.repeatedKey == path)
        #expect(reading.value == TemplateValue.exactJSON(Data(text.utf8)))
    }

    @Test func theSameKeyInTwoObjectsIsNotARepeat() throws {
        let text = #"{"a":{"k":1},"b":{"k":2},"c":[{"k":3},{"k":4}]}"#
        let reading = try #require(TemplateValue.exactJSONNamingRepeatedKey(Data(text.utf8)))
        #expect(reading.repeatedKey == nil)
    }
}
