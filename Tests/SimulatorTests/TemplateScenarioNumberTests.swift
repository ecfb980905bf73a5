import Engine
import Foundation
import Simulator
import Testing
import UpgradeDomain

/// A scenario's template variables keep every digit of their numbers, as the service keeps a
/// request's: `JSONSerialization` rounded one past about 17 significant digits through a double.
/// A number the store could not give back exactly is an error naming the file and the JSON path.
@Suite("Numbers in a scenario's template variables")
struct TemplateScenarioNumberTests {
    static let exactVariables = #"{"big":123456789012345678901,"near":0.1000000000000000001,"# +
        #""pi":3.1415926535897932384626433832795028841,"tenth":0.1,"u":18446744073709551615,"list":[1e3,-0.0]}"#

    /// The valid template scenario with `"VARIABLES"` (a string in the class's variables and in the
    /// change's) replaced by `variables` as text: what a file holds, digit for digit.
    static func text(classVariables: String, changeVariables: String) -> Data {
        var object = TemplateScenarioParserTests.valid
        var fleet = object["fleet"] as! [[String: Any]]
        fleet[0]["variables"] = "CLASS"
        object["fleet"] = fleet
        var timeline = object["timeline"] as! [[String: Any]]
        timeline[0]["variables"] = "CHANGE"
        object["timeline"] = timeline
        let text = String(decoding: BrokenScenario.data(object), as: UTF8.self)
            .replacingOccurrences(of: #""CLASS""#, with: classVariables)
            .replacingOccurrences(of: #""CHANGE""#, with: changeVariables)
        return Data(text.utf8)
    }

    @Test func theClassAndTheChangeKeepEveryDigit() throws {
        let data = Self.text(classVariables: Self.exactVariables, changeVariables: #"{"big":123456789012345678902}"#)
        let scenario = try ScenarioParser.parse(data, folder: ".")
        let expected = try #require(TemplateValue.exactJSON(Data(Self.exactVariables.utf8)))
        let variables = try #require(scenario.fleet.first?.template?.variables)
        #expect(variables == expected)
        guard case .object(let members) = variables else { Issue.record("\(variables)"); return }
        #expect(members["big"] == .number(TemplateNumber(text: "123456789012345678901")))
        #expect(members["near"] != .number(0.1))
        #expect(members["pi"] == .number(TemplateNumber(text: "3.1415926535897932384626433832795028841")))
        guard case .changeTemplate(let change) = scenario.timeline.first?.kind else {
            Issue.record("expected a changeTemplate action")
            return
        }
        #expect(change.variables == .object(["big": .number(TemplateNumber(text: "123456789012345678902"))]))
        #expect(change.variables(over: variables) != variables, "a change in the 21st digit is a change")
    }

    /// Whole numbers an Int64 holds stay integers, fractions numbers, as before.
    @Test func numbersADoubleHoldsReadAsBefore() throws {
        let data = Self.text(classVariables: #"{"n":3,"f":0.5,"e":1.5E3,"neg":-7,"t":true,"s":"x","z":null}"#, changeVariables: "{}")
        let variables = try ScenarioParser.parse(data, folder: ".").fleet.first?.template?.variables
        #expect(variables == .object([
            "n": .integer(3), "f": .number(0.5), "e": .integer(1500), "neg": .integer(-7), "t": .bool(true),
            "s": .string("x"), "z": .null,
        ]))
    }

    static let unkeepable = "1.23456789012345678901234567890123456789012"

    @Test(arguments: [
        (#"{"a":{"b":[0,UNKEEPABLE]}}"#, "{}", "$.fleet[0].variables.a.b[1]"),
        (#"{"a":1}"#, #"{"x":UNKEEPABLE}"#, "$.timeline[0].variables.x"),
        (#"{"tiny":1e-400}"#, "{}", "$.fleet[0].variables.tiny"),
    ])
    func aNumberTheStoreCannotKeepNamesTheFileAndThePath(_ classVariables: String, _ changeVariables: String, _ path: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-numbers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("numbers.json").path
        try Self.text(
            classVariables: classVariables.replacingOccurrences(of: "UNKEEPABLE", with: Self.unkeepable),
            changeVariables: changeVariables.replacingOccurrences(of: "UNKEEPABLE", with: Self.unkeepable)
        ).write(to: URL(fileURLWithPath: file))
        do {
            _ = try ScenarioParser.load(file)
            Issue.record("accepted a number the store cannot keep at \(path)")
        } catch {
            #expect(error.file == file)
            #expect(error.path == path)
            #expect(error.problem.contains("cannot be kept exactly"), "\(error.problem)")
            #expect(error.description.hasPrefix("\(file): \(path): the number "), "\(error.description)")
        }
    }
}
