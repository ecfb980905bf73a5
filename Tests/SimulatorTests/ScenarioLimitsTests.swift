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
}
