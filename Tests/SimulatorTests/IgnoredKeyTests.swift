@testable import Simulator
import Foundation
import Testing

/// Keys a scenario sets that would otherwise be read past in silence, and times the store cannot
/// date: each is refused with its JSON path, as an unknown key is.
@Suite("Scenario keys that would be ignored, and times the store cannot hold")
struct IgnoredKeyTests {
    typealias Broken = BrokenScenario

    static let broken: [Broken] = [
        Broken(label: "a profile on an approval", path: "$.timeline[0].profile", problem: "only an assign action takes profile") {
            $0["timeline"] = [["at": "+1m", "action": "approve", "clusters": [:], "profile": "p@2"]]
        },
        Broken(label: "a profile on a status entry", path: "$.timeline[0].profile", problem: "only an assign action takes profile") {
            $0["timeline"] = [["at": "+1m", "action": "status", "status": "running", "clusters": [:], "profile": "p@2"]]
        },
        Broken(label: "a fixed and a uniform duration", path: "$.durations.drain.uniform",
               problem: "a duration is fixed, uniform or median with p95, one of them") {
            $0["durations"] = ["drain": ["fixed": "5m", "uniform": ["1s", "2s"]]]
        },
        Broken(label: "a fixed duration and a median", path: "$.durations.drain.median",
               problem: "a duration is fixed, uniform or median with p95, one of them") {
            $0["durations"] = ["drain": ["fixed": "5m", "median": "1m", "p95": "2m"]]
        },
        Broken(label: "a p95 without a median", path: "$.durations.drain.p95", problem: "p95 goes with median") {
            $0["durations"] = ["drain": ["uniform": ["1s", "2s"], "p95": "2m"]]
        },
        Broken(label: "a start before 1970", path: "$.start", problem: "is before 1970-01-01T00:00:00Z") {
            $0["start"] = "1969-12-31T23:59:59Z"
        },
        Broken(label: "a timeline entry past 9999", path: "$.timeline[0].at", problem: "is after 9999-12-31T23:59:59.999Z") {
            $0["start"] = "9999-12-31T00:00:00Z"
            $0["timeline"] = [["at": "+2d", "action": "assign", "clusters": [:], "profile": "p@2"]]
        },
        Broken(label: "an outage before the start", path: "$.faults.kubernetesOutages[0].at",
               problem: "'2026-11-23T23:30:00Z' is before $.start (2026-11-24T00:00:00Z); the replay begins at $.start") {
            $0["faults"] = ["kubernetesOutages": [["clusters": [:], "at": "2026-11-23T23:30:00Z", "duration": "1h"]]]
        },
        Broken(label: "an outage past 9999", path: "$.faults.kubernetesOutages[0].at", problem: "is after 9999-12-31T23:59:59.999Z") {
            $0["start"] = "9999-12-31T00:00:00Z"
            $0["faults"] = ["kubernetesOutages": [["clusters": [:], "at": "+36500d", "duration": "1h"]]]
        },
    ]

    @Test(arguments: broken)
    func aKeyThatWouldBeIgnoredOrATimeOutOfRangeIsNamed(_ case_: Broken) {
        case_.expectRefused(startingFrom: ScenarioParserTests.valid)
    }

    @Test func theFirstAndLastMillisecondsTheStoreDatesAreAccepted() throws {
        var object = ScenarioParserTests.valid
        object["start"] = "1970-01-01T00:00:00Z"
        #expect(try ScenarioParser.parse(BrokenScenario.data(object), folder: ".").startMs == 0)
        object["start"] = "9999-12-31T23:59:59.999Z"
        object["timeline"] = [["at": "+0s", "action": "assign", "clusters": [:], "profile": "p@2"]]
        #expect(try ScenarioParser.parse(BrokenScenario.data(object), folder: ".").startMs == 253_402_300_799_999)
    }
}
