import Engine
import Foundation
@testable import Simulator
import Testing
import UpgradeDomain

/// A scenario in UTF-16 or UTF-32 (which `JSONSerialization` reads, told by a byte order mark or by
/// its zero bytes) is read exactly as its UTF-8 twin: transcoded first, so its template variables
/// go through the engine's exact reader too, and a number the store cannot keep is refused.
@Suite("Scenario files in UTF-16 and UTF-32")
struct ScenarioEncodingTests {
    /// How a test writes a document's text: an encoding, with or without its byte order mark.
    struct Form: CustomTestStringConvertible, Sendable {
        let encoding: JSONTextEncoding
        let marked: Bool
        var testDescription: String { "\(encoding.rawValue)\(marked ? " with a byte order mark" : "")" }

        static let all: [Form] = JSONTextEncoding.allCases.flatMap { [Form(encoding: $0, marked: false), Form(encoding: $0, marked: true)] }
        static let wide = all.filter { $0.encoding != .utf8 }

        func bytes(_ text: String) -> Data {
            let foundation: String.Encoding = switch encoding {
            case .utf8: .utf8
            case .utf16BigEndian: .utf16BigEndian
            case .utf16LittleEndian: .utf16LittleEndian
            case .utf32BigEndian: .utf32BigEndian
            case .utf32LittleEndian: .utf32LittleEndian
            }
            let mark = marked ? ("\u{FEFF}".data(using: foundation) ?? Data()) : Data()
            return mark + text.data(using: foundation)!
        }
    }

    static let exactVariables = TemplateScenarioNumberTests.exactVariables

    @Test(arguments: Form.all)
    func theEncodingIsToldAsJSONSerializationTellsIt(form: Form) throws {
        let text = #"{"a":"é𝄞","n":[1,2.5]}"#
        let bytes = form.bytes(text)
        #expect(JSONTextEncoding.detect(bytes).encoding == form.encoding)
        let transcoded = try JSONTextEncoding.utf8(bytes)
        #expect(transcoded == Data(text.utf8))
        let theirs = try JSONSerialization.jsonObject(with: bytes) as? NSDictionary
        let ours = try JSONSerialization.jsonObject(with: transcoded) as? NSDictionary
        #expect(theirs == ours)
    }

    @Test(arguments: Form.wide)
    func templateVariablesKeepEveryDigitInEveryEncoding(form: Form) throws {
        let text = TemplateScenarioNumberTests.text(classVariables: Self.exactVariables, changeVariables: #"{"big":123456789012345678902}"#)
        let scenario = try ScenarioParser.parse(form.bytes(String(decoding: text, as: UTF8.self)), folder: ".")
        let expected = try #require(TemplateValue.exactJSON(Data(Self.exactVariables.utf8)))
        #expect(scenario.fleet.first?.template?.variables == expected)
    }

    @Test(arguments: Form.wide)
    func aNumberTheStoreCannotKeepIsRefusedInEveryEncoding(form: Form) throws {
        let forty = "1234567890123456789012345678901234567891"
        let text = TemplateScenarioNumberTests.text(classVariables: #"{"a":{"b":[0,\#(forty)]}}"#, changeVariables: "{}")
        do {
            _ = try ScenarioParser.parse(form.bytes(String(decoding: text, as: UTF8.self)), folder: ".")
            Issue.record("accepted \(forty) in \(form.testDescription)")
        } catch {
            #expect(error.path == "$.fleet[0].variables.a.b[1]")
            #expect(error.problem.hasPrefix("the number \(forty) cannot be kept exactly"), "\(error)")
        }
    }

    @Test(arguments: [
        (Data([0xFF, 0xFE, 0x7B, 0x00, 0x00, 0xD8, 0x7D, 0x00]), "not valid UTF-16LE text (at byte 4)"),
        (Data([0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D, 0x00]), "not valid UTF-16BE text (at byte 6)"),
        (Data([0x7B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00]), "not valid UTF-32LE text (at byte 4)"),
    ])
    func textThatIsNotValidInItsEncodingNamesTheByte(bytes: Data, problem: String) {
        do {
            _ = try ScenarioParser.parse(bytes, folder: ".", file: "broken.json")
            Issue.record("accepted \(Array(bytes))")
        } catch {
            #expect(error.description == "broken.json: $: \(problem)")
        }
    }
}
