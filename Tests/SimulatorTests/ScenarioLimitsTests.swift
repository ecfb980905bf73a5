import Foundation
import Simulator
import Testing

/// Values a replay cannot run (durations past Int64, names the store cannot hold, times before the
/// start, keys that contradict each other) are refused while parsing, with their JSON path.
@Suite("Scenario limits and conflicts")
struct ScenarioLimitsTests {
    typealias Broken = BrokenScenario
    static var valid: [String: Any] { ScenarioParserTests.valid }
    static func parse(_ object: [String: Any], folder: String = ".") throws -> Scenario {
        try ScenarioParser.parse(BrokenScenario.data(object), folder: folder)
    }

    static let hundredYearsMs: Int64 = 36_500 * 86_400_000

    // MARK: Durations

    static let overlongDurations: [Broken] = [
        Broken(label: "a step timeout of 99999999999999d", path: "$.policy.stepTimeout",
               problem: "'99999999999999d' is longer than the 36500d (100 years) a duration may be") {
            $0["policy"] = ["stepTimeout": "99999999999999d"]
        },
        Broken(label: "a fixed drain of 99999999999999999d", path: "$.durations.drain.fixed", problem: "is longer than the 36500d") {
            $0["durations"] = ["drain": ["fixed": "99999999999999999d"]]
        },
        Broken(label: "a drain one day over the maximum", path: "$.durations.drain.uniform[1]", problem: "is longer than the 36500d") {
            $0["durations"] = ["drain": ["uniform": ["1s", "36501d"]]]
        },
        Broken(label: "an approval delay with forty digits", path: "$.policy.approval.delay", problem: "is longer than the 36500d") {
            $0["policy"] = ["approval": ["mode": "delay", "delay": String(repeating: "9", count: 40) + "ms"]]
        },
        Broken(label: "a p95 of 1e20s, an exponent the schema does not allow", path: "$.durations.drain.p95", problem: "expected a duration") {
            $0["durations"] = ["drain": ["median": "1s", "p95": "1e20s"]]
        },
        Broken(label: "a timeline offset of +99999999999999999d", path: "$.timeline[0].at",
               problem: "the offset '+99999999999999999d' is longer than the +36500d (100 years)") {
            $0["timeline"] = [["at": "+99999999999999999d", "action": "assign", "clusters": [:], "profile": "p@2"]]
        },
        Broken(label: "a Kubernetes outage of 999999999d", path: "$.faults.kubernetesOutages[0].duration", problem: "is longer than the 36500d") {
            $0["faults"] = ["kubernetesOutages": [["clusters": [:], "at": "+1h", "duration": "999999999d"]]]
        },
    ]

    @Test(arguments: overlongDurations)
    func aDurationLongerThanAHundredYearsIsRefusedWithItsJSONPath(_ case_: Broken) {
        case_.expectRefused(startingFrom: Self.valid)
    }

    @Test func aHundredYearsIsTheLongestDurationAndFractionsStillRead() throws {
        var object = Self.valid
        object["policy"] = ["stepTimeout": "36500d", "approval": ["mode": "delay", "delay": "1.5h"]]
        let policy = try Self.parse(object).policy
        #expect(policy.stepTimeoutMs == Self.hundredYearsMs)
        guard case .afterDelay(let delay) = policy.approval else {
            Issue.record("expected an approval after a delay")
            return
        }
        #expect(delay == 5_400_000)
    }

    /// Always 0: the smallest `u1` and a cosine of 1, the widest draw a log-normal can make.
    struct Zeros: RandomNumberGenerator { mutating func next() -> UInt64 { 0 } }

    @Test func aLogNormalDrawBeyondAHundredYearsIsCappedThere() {
        var generator = Zeros()
        #expect(DurationDistribution.logNormal(median: 1, p95: Self.hundredYearsMs).sample(&generator) == Self.hundredYearsMs)
    }

    @Test func aPolicyFileWithAStepTimeoutPastAHundredYearsIsRefusedWithItsJSONPath() throws {
        let file = NSTemporaryDirectory() + "orchestrator-policy-\(UUID().uuidString).json"
        try #"{"stepTimeout": "99999999999999d"}"#.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let error = #expect(throws: ScenarioError.self) { try PolicyFile.load(file, start: 0) }
        #expect(error?.file == file)
        #expect(error?.path == "$.stepTimeout")
        #expect(error?.problem.contains("longer than the 36500d") == true, "\(String(describing: error))")
    }

    // MARK: Names the store holds as stream ids and actors

    static func edgeClass(_ name: String, count: Int = 3) -> [[String: Any]] {
        [["class": name, "count": count, "profile": "p@1", "workers": 1]]
    }

    static let unstorableNames: [Broken] = [
        // cluster/ (8) + 392 + -00003 (6) = 406 bytes
        Broken(label: "a class whose clusters' stream ids pass 400 bytes", path: "$.fleet[0].class",
               problem: "the stream id of the class's last cluster, cluster/<class>-00003, is 406 bytes long, longer than the 400 allowed") {
            $0["fleet"] = edgeClass(String(repeating: "x", count: 392))
            $0["timeline"] = nil
        },
        // 386 bytes fit at five digits, not at the six a count of 100000 needs.
        Broken(label: "a class whose hundred-thousandth cluster's stream id passes 400 bytes", path: "$.fleet[0].class",
               problem: "cluster/<class>-100000, is 401 bytes long") {
            $0["fleet"] = edgeClass(String(repeating: "x", count: 386), count: 100_000)
            $0["timeline"] = nil
        },
        Broken(label: "an empty class name", path: "$.fleet[0].class", problem: "expected a class name, got an empty string") {
            $0["fleet"] = edgeClass("")
            $0["timeline"] = nil
        },
        Broken(label: "a class name with a NUL byte", path: "$.fleet[0].class", problem: "contains a NUL byte") {
            $0["fleet"] = edgeClass("c\u{0}x")
            $0["timeline"] = nil
        },
        Broken(label: "a template class whose clusters' stream ids pass 400 bytes", path: "$.fleet[0].class", problem: "is 406 bytes long") {
            $0["templates"] = [["name": "t1", "kubernetesVersion": "v1.31.9"]]
            $0["fleet"] = [["class": String(repeating: "x", count: 392), "count": 3, "kind": "template", "template": "t1", "infrastructure": "aws"]]
            $0["timeline"] = nil
        },
        // profile/ (8) + 393 = 401 bytes
        Broken(label: "a profile name whose stream id passes 400 bytes", path: "$.profiles[0].name",
               problem: "the profile's stream id, profile/<name>, is 401 bytes long, longer than the 400 allowed") {
            var profiles = $0["profiles"] as! [[String: Any]]
            profiles[0]["name"] = String(repeating: "p", count: 393)
            $0["profiles"] = profiles
        },
        Broken(label: "an empty profile name", path: "$.profiles[1].name", problem: "expected a profile name, got an empty string") {
            var profiles = $0["profiles"] as! [[String: Any]]
            profiles[1]["name"] = ""
            $0["profiles"] = profiles
        },
        Broken(label: "a timeline actor of 401 bytes", path: "$.timeline[0].actor", problem: "the actor is 401 bytes long, longer than the 400 allowed") {
            $0["timeline"] = [["at": "+1m", "action": "assign", "clusters": [:], "profile": "p@2", "actor": String(repeating: "a", count: 401)]]
        },
        Broken(label: "an empty timeline actor", path: "$.timeline[0].actor", problem: "the actor is empty") {
            $0["timeline"] = [["at": "+1m", "action": "approve", "clusters": [:], "actor": ""]]
        },
        Broken(label: "a timeline actor with a NUL byte", path: "$.timeline[0].actor", problem: "the actor contains a NUL byte") {
            $0["timeline"] = [["at": "+1m", "action": "deny", "clusters": [:], "actor": "bo\u{0}b"]]
        },
        Broken(label: "an empty approver", path: "$.policy.approval.actor", problem: "the actor is empty") {
            $0["policy"] = ["approval": ["mode": "actor", "actor": "", "at": "+1h"]]
        },
    ]

    @Test(arguments: unstorableNames)
    func aNameTheStoreCannotHoldIsRefusedWithItsJSONPath(_ case_: Broken) {
        case_.expectRefused(startingFrom: Self.valid)
    }

    @Test func aClassNameWhoseStreamIdsAreExactly400BytesReads() throws {
        var object = Self.valid
        object["fleet"] = Self.edgeClass(String(repeating: "x", count: 386))
        object["timeline"] = nil
        #expect(try Self.parse(object).fleet.first?.name.utf8.count == 386)
    }

    // MARK: Times

    @Test func aTimelineActionBeforeTheStartIsRefusedWithItsJSONPath() {
        Broken(label: "an action a minute before the start", path: "$.timeline[0].at",
               problem: "'2026-11-23T23:59:00Z' is before $.start (2026-11-24T00:00:00Z)") {
            $0["timeline"] = [["at": "2026-11-23T23:59:00Z", "action": "assign", "clusters": [:], "profile": "p@2"]]
        }.expectRefused(startingFrom: Self.valid)
    }

    @Test func aTimelineActionAtTheStartReads() throws {
        var object = Self.valid
        object["timeline"] = [["at": "2026-11-24T00:00:00Z", "action": "assign", "clusters": [:], "profile": "p@2"]]
        let scenario = try Self.parse(object)
        #expect(scenario.timeline.first?.atMs == scenario.startMs)
    }

    // MARK: Conflicts

    static let conflicts: [Broken] = [
        Broken(label: "two waves with one name", path: "$.policy.waves[1].name", problem: "wave 'a' is defined twice (first at $.policy.waves[0])") {
            $0["policy"] = ["waves": [["name": "a", "percent": 50], ["name": "a", "percent": 50]]]
        },
        Broken(label: "a failure budget of both clusters and percent", path: "$.policy.failureBudget.percent",
               problem: "a failure budget is clusters or percent, not both") {
            $0["policy"] = ["failureBudget": ["clusters": 1, "percent": 2]]
        },
        Broken(label: "a pack with both values and valuesFile", path: "$.profiles[0].packs[0].valuesFile",
               problem: "a pack has values or valuesFile, not both") {
            $0["profiles"] = [["name": "p", "version": "1", "distribution": "k3s",
                               "packs": [["layer": "os", "name": "x", "version": "1", "values": "a: 1\n", "valuesFile": "x.yaml"]]]]
        },
        Broken(label: "a start given as an offset", path: "$.start", problem: "expected an RFC 3339 time such as 2026-11-24T01:00:00Z, got '+5m'") {
            $0["start"] = "+5m"
        },
        Broken(label: "a start on a day the calendar does not have", path: "$.start",
               problem: "expected an RFC 3339 time such as 2026-11-24T01:00:00Z, got '2026-02-30T00:00:00Z'") {
            $0["start"] = "2026-02-30T00:00:00Z"
        },
    ]

    @Test(arguments: conflicts)
    func aScenarioThatContradictsItselfIsRefusedWithItsJSONPath(_ case_: Broken) {
        case_.expectRefused(startingFrom: Self.valid)
    }

    @Test func aValuesFileThatIsNotUTF8IsRefusedWithItsJSONPath() throws {
        let folder = NSTemporaryDirectory() + "orchestrator-values-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([0x61, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: folder + "/bad.yaml"))  // "a: \xFF\n"
        var object = Self.valid
        object["profiles"] = [["name": "p", "version": "1", "distribution": "k3s",
                               "packs": [["layer": "os", "name": "x", "version": "1", "valuesFile": "bad.yaml"]]]]
        object["timeline"] = nil
        let error = #expect(throws: ScenarioError.self) { try Self.parse(object, folder: folder) }
        #expect(error?.path == "$.profiles[0].packs[0].valuesFile")
        #expect(error?.problem == "\(folder)/bad.yaml is not UTF-8 text")
    }
}
