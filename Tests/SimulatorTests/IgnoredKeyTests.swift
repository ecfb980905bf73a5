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
        Broken(label: "a delay on an actor's approval", path: "$.policy.approval.delay",
               problem: "only the delay mode takes delay (this one is actor)") {
            $0["policy"] = ["approval": ["mode": "actor", "actor": "bob", "at": "+1h", "delay": "2h"]]
        },
        Broken(label: "a delay on an automatic approval", path: "$.policy.approval.delay",
               problem: "only the delay mode takes delay (this one is automatic)") {
            $0["policy"] = ["approval": ["mode": "automatic", "delay": "2h"]]
        },
        Broken(label: "a time on an approval after a delay", path: "$.policy.approval.at",
               problem: "only the actor mode takes at (this one is delay)") {
            $0["policy"] = ["approval": ["mode": "delay", "delay": "2h", "at": "+3h"]]
        },
        Broken(label: "a time on no approval", path: "$.policy.approval.at", problem: "only the actor mode takes at (this one is never)") {
            $0["policy"] = ["approval": ["mode": "never", "at": "+3h"]]
        },
        Broken(label: "an approver on no approval", path: "$.policy.approval.actor", problem: "the never mode takes no actor: nobody approves") {
            $0["policy"] = ["approval": ["mode": "never", "actor": "bob"]]
        },
        Broken(label: "an actor's approval before the start", path: "$.policy.approval.at",
               problem: "'2026-11-23T23:00:00Z' is before $.start (2026-11-24T00:00:00Z); the replay begins at $.start") {
            $0["policy"] = ["approval": ["mode": "actor", "actor": "bob", "at": "2026-11-23T23:00:00Z"]]
        },
        Broken(label: "a Kubernetes pack version that is not one", path: "$.profiles[1].packs[0].version",
               problem: "'latest' is not a Kubernetes version (expected e.g. 1.29.4, v1.30.1, 1.30.1+rke2r1)") {
            var profiles = $0["profiles"] as! [[String: Any]]
            var packs = profiles[1]["packs"] as! [[String: Any]]
            packs[0]["version"] = "latest"
            profiles[1]["packs"] = packs
            $0["profiles"] = profiles
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

    /// Each approval mode with every key it reads: the approver signs automatic and delayed
    /// approvals too (`approveByPolicy`), and an actor's approval may fall at `start` itself.
    @Test func eachApprovalModeTakesTheKeysItReads() throws {
        func policy(_ approval: [String: Any]) throws -> RolloutPolicy {
            var object = ScenarioParserTests.valid
            object["policy"] = ["approval": approval]
            return try ScenarioParser.parse(BrokenScenario.data(object), folder: ".").policy
        }
        #expect(try policy(["mode": "automatic", "actor": "board"]).approver == "board")
        #expect(try policy(["mode": "delay", "delay": "2h", "actor": "board"]).approver == "board")
        guard case .byActor("bob", let at) = try policy(["mode": "actor", "actor": "bob", "at": "2026-11-24T00:00:00Z"]).approval else {
            Issue.record("expected bob's approval")
            return
        }
        #expect(at == 1_795_478_400_000)
        guard case .never = try policy(["mode": "never"]).approval else {
            Issue.record("expected no approval")
            return
        }
    }

    /// `JSONSerialization` keeps one of two equal keys in an object without a word; the scenario's
    /// exact reading names the second, wherever it is.
    @Test(arguments: [
        (#""count":3"#, #""count":3,"count":4"#, "$.fleet[0].count"),
        (#""name":"tiny""#, #""name":"tiny","name":"other""#, "$.name"),
        (#""action":"assign""#, #""action":"assign","action":"cancel""#, "$.timeline[0].action"),
    ])
    func aKeyGivenTwiceInOneObjectIsNamed(once: String, twice: String, path: String) throws {
        let text = String(decoding: BrokenScenario.data(ScenarioParserTests.valid), as: UTF8.self)
        #expect(text.contains(once))
        do {
            _ = try ScenarioParser.parse(Data(text.replacingOccurrences(of: once, with: twice).utf8), folder: ".")
            Issue.record("accepted a scenario with \(path) given twice")
        } catch {
            #expect(error.path == path)
            #expect(error.problem == "given twice in one object; give each key once (a JSON reader keeps only one of the two)")
        }
    }

    @Test func oneKeyInTwoObjectsIsNotGivenTwice() throws {
        // Every profile has a name, a version and packs: the same keys in sibling objects.
        #expect(try ScenarioParser.parse(BrokenScenario.data(ScenarioParserTests.valid), folder: ".").profiles.count == 2)
    }
}
