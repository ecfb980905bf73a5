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
}
