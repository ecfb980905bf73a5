@testable import Simulator
import Foundation
import Testing

/// Forms `docs/scenario.schema.json` refuses are refused by the parser too, which is stricter than
/// the schema and never looser: a time of day is two digits, a colon and two digits, and a
/// percentage is digits and `%`.
@Suite("The parser refuses what the schema refuses")
struct SchemaFormTests {
    typealias Broken = BrokenScenario

    static func window(start: String) -> @Sendable (inout [String: Any]) -> Void {
        { $0["policy"] = ["maintenanceWindows": [["days": ["mon"], "start": start, "end": "05:00"]]] }
    }

    static let broken: [Broken] = [
        Broken(label: "a window start with one digit", path: "$.policy.maintenanceWindows[0].start",
               problem: "expected a time of day like 01:30", edit: window(start: "1:30")),
        Broken(label: "a window start with a sign", path: "$.policy.maintenanceWindows[0].start",
               problem: "expected a time of day like 01:30", edit: window(start: "+1:30")),
        Broken(label: "a window start with one minute digit", path: "$.policy.maintenanceWindows[0].start",
               problem: "expected a time of day like 01:30", edit: window(start: "01:5")),
        Broken(label: "a signed percentage", path: "$.fleet[0].maxUnavailable", problem: "expected an integer or a percentage like \"25%\"") {
            $0["fleet"] = [["class": "c", "count": 1, "profile": "p@1", "maxUnavailable": "+5%"]]
        },
        Broken(label: "a percentage with spaces", path: "$.fleet[0].maxSurge", problem: "expected an integer or a percentage like \"25%\"") {
            $0["fleet"] = [["class": "c", "count": 1, "profile": "p@1", "maxSurge": " 5%"]]
        },
    ]

    @Test(arguments: broken)
    func aFormTheSchemaRefusesIsNamed(_ case_: Broken) {
        case_.expectRefused(startingFrom: ScenarioParserTests.valid)
    }

    @Test func theSchemasFormsRead() throws {
        var object = ScenarioParserTests.valid
        object["policy"] = ["maintenanceWindows": [["days": ["mon"], "start": "01:30", "end": "24:00"]]]
        object["fleet"] = [["class": "c", "count": 1, "profile": "p@1", "maxUnavailable": "100%", "maxSurge": "05%"]]
        let scenario = try ScenarioParser.parse(BrokenScenario.data(object), folder: ".")
        #expect(scenario.policy.windows.first?.startMinute == 90)
        #expect(scenario.policy.windows.first?.endMinute == 1440)
    }
}
