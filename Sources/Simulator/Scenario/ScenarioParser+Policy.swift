import Foundation
import UpgradeDomain

enum RolloutPolicyDefaults {
    static let policy = RolloutPolicy(
        waves: [RolloutPolicy.Wave(name: "all", percent: 100)], maxConcurrentClusters: 100,
        failureBudget: nil, failureBudgetPercent: nil, approval: .automatic, approver: "auto-approver",
        stepTimeoutMs: 1_800_000, maxRetries: 2, windows: [])
}

extension ScenarioParser {
    /// `alsoAllowed`: keys the caller reads itself (already taken out of `node`), named among the
    /// expected ones when a key is unknown. `startName` names `start` in errors (a policy file has
    /// no `$.start`: its start is the recorded replay's).
    static func rolloutPolicy(
        _ node: JSONNode, start: Int64, startName: String = "$.start", alsoAllowed: Set<String> = []
    ) throws(ScenarioError) -> RolloutPolicy {
        let object = try node.object(allowing: alsoAllowed.union([
            "waves", "maxConcurrentClusters", "failureBudget", "approval", "stepTimeout", "maxRetries", "maintenanceWindows",
        ]))
        var policy = RolloutPolicyDefaults.policy
        if let wavesNode = object.optional("waves") {
            var waves: [RolloutPolicy.Wave] = []
            for wave in try wavesNode.array() {
                let fields = try wave.object(allowing: ["name", "percent"])
                let nameNode = try fields.required("name")
                let name = try nameNode.string()
                if let first = waves.firstIndex(where: { $0.name == name }) {
                    throw nameNode.fail("wave '\(name)' is defined twice (first at \(wavesNode.path)[\(first)])")
                }
                waves.append(RolloutPolicy.Wave(name: name, percent: try fields.required("percent").double(in: 0...100)))
            }
            let total = waves.reduce(0) { $0 + $1.percent }
            guard !waves.isEmpty, abs(total - 100) < 0.001 else { throw wavesNode.fail("wave percentages must add up to 100, they add up to \(total)") }
            policy.waves = waves
        }
        if let node = object.optional("maxConcurrentClusters") { policy.maxConcurrentClusters = try node.int(in: 1...10_000_000) }
        if let node = object.optional("failureBudget") {
            let budget = try node.object(allowing: ["clusters", "percent"])
            if budget.optional("clusters") != nil, let percent = budget.optional("percent") {
                throw percent.fail("a failure budget is clusters or percent, not both")
            }
            policy.failureBudget = try budget.optional("clusters")?.int(in: 0...10_000_000)
            policy.failureBudgetPercent = try budget.optional("percent")?.double(in: 0...100)
            if policy.failureBudget == nil && policy.failureBudgetPercent == nil { throw node.fail("expected clusters or percent") }
        }
        if let node = object.optional("approval") { (policy.approval, policy.approver) = try approval(node, start: start, startName: startName) }
        if let node = object.optional("stepTimeout") { policy.stepTimeoutMs = try node.duration(allowZero: false) }
        if let node = object.optional("maxRetries") { policy.maxRetries = try node.int(in: 0...100) }
        if let node = object.optional("maintenanceWindows") {
            policy.windows = []
            for window in try node.array() { policy.windows.append(try maintenanceWindow(window)) }
        }
        return policy
    }

    /// The keys each approval mode reads besides `mode`: the approver who signs (`actor`), how long
    /// after the request (`delay`), when (`at`). `never` approves nothing, so it reads none.
    static let approvalKeys: [String: Set<String>] = [
        "automatic": ["actor"], "delay": ["delay", "actor"], "actor": ["actor", "at"], "never": [],
    ]

    /// `policy.approval`: a key its mode does not read is refused (it would be read past), and an
    /// actor's `at` is not before `start`.
    static func approval(_ node: JSONNode, start: Int64, startName: String) throws(ScenarioError) -> (RolloutPolicy.Approval, String) {
        let object = try node.object(allowing: ["mode", "delay", "actor", "at"])
        let modeNode = try object.required("mode")
        let mode = try modeNode.string()
        guard let reads = approvalKeys[mode] else {
            throw modeNode.fail("unknown approval mode (expected automatic, delay, actor or never)")
        }
        for key in ["actor", "delay", "at"] where !reads.contains(key) {
            guard let stray = object.optional(key) else { continue }
            switch key {
            case "actor": throw stray.fail("the never mode takes no actor: nobody approves")
            case "delay": throw stray.fail("only the delay mode takes delay (this one is \(mode))")
            default: throw stray.fail("only the actor mode takes at (this one is \(mode))")
            }
        }
        let actor = try object.optional("actor").map { node throws(ScenarioError) in try StoreKeys.actor(node) } ?? "auto-approver"
        switch mode {
        case "automatic": return (.automatic, actor)
        case "delay": return (.afterDelay(try object.required("delay").duration()), actor)
        case "actor":
            let at = try timeFromStart(object.required("at"), start: start, startName: startName)
            return (.byActor(try StoreKeys.actor(object.required("actor")), atMs: at), actor)
        default: return (.never, actor)
        }
    }

    static func maintenanceWindow(_ node: JSONNode) throws(ScenarioError) -> MaintenanceWindow {
        let object = try node.object(allowing: ["days", "start", "end", "timeZone"])
        let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        var days = Set<Int>()
        let dayList = try object.required("days")
        if try dayList.array().isEmpty { throw dayList.fail("expected at least one day: a window on no day never opens") }
        for day in try dayList.array() {
            guard let number = names[try day.string().lowercased()] else { throw day.fail("expected a day: mon, tue, wed, thu, fri, sat or sun") }
            days.insert(number)
        }
        func minute(_ key: String) throws(ScenarioError) -> Int {
            let node = try object.required(key)
            let parts = try node.string().split(separator: ":", omittingEmptySubsequences: false)
            let twoDigits = parts.allSatisfy { $0.utf8.count == 2 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
            guard parts.count == 2, twoDigits, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
                throw node.fail("expected a time of day like 01:30")
            }
            return h * 60 + m
        }
        let zoneNode = object.optional("timeZone")
        let zone = try zoneNode?.string() ?? "UTC"
        guard TimeZone(identifier: zone) != nil else { throw (zoneNode ?? node).fail("unknown time zone '\(zone)'") }
        let window = MaintenanceWindow(days: days, startMinute: try minute("start"), endMinute: try minute("end"), timeZone: zone)
        guard window.startMinute != window.endMinute else { throw node.fail("start and end are the same time: the window is empty") }
        return window
    }

    static func durations(_ node: JSONNode) throws(ScenarioError) -> StepDurations {
        let object = try node.object(allowing: Set(StepKind.allCases.map(\.rawValue)))
        var byKind: [StepKind: DurationDistribution] = [:]
        for kind in StepKind.allCases {
            guard let entry = object.optional(kind.rawValue) else { continue }
            let fields = try entry.object(allowing: ["fixed", "uniform", "median", "p95"])
            if let second = ["fixed", "uniform", "median"].compactMap({ fields.optional($0) }).dropFirst().first {
                throw second.fail("a duration is fixed, uniform or median with p95, one of them")
            }
            if fields.optional("median") == nil, let p95 = fields.optional("p95") { throw p95.fail("p95 goes with median") }
            if let fixed = fields.optional("fixed") {
                byKind[kind] = .fixed(try fixed.duration())
            } else if let uniform = fields.optional("uniform") {
                let bounds = try uniform.array()
                guard bounds.count == 2 else { throw uniform.fail("expected [low, high]") }
                let low = try bounds[0].duration(), high = try bounds[1].duration()
                guard low <= high else { throw uniform.fail("low is above high") }
                byKind[kind] = .uniform(low, high)
            } else if let median = fields.optional("median") {
                let p95 = try fields.required("p95").duration()
                let middle = try median.duration(allowZero: false)
                guard p95 >= middle else { throw fields.optional("p95")!.fail("p95 is below the median") }
                byKind[kind] = .logNormal(median: middle, p95: p95)
            } else {
                throw entry.fail("expected fixed, uniform or median with p95")
            }
        }
        return StepDurations(byKind: byKind)
    }

    static func faults(_ node: JSONNode, start: Int64, fleet: FleetNames) throws(ScenarioError) -> Faults {
        let object = try node.object(allowing: [
            "nodeActionFailureProbability", "silentStepProbability", "kubernetesOutages", "stuckMachineProbability",
        ])
        var outages: [Faults.Outage] = []
        for outage in try object.optional("kubernetesOutages")?.array() ?? [] {
            let fields = try outage.object(allowing: ["clusters", "at", "duration"])
            outages.append(Faults.Outage(
                clusters: try selector(fields.required("clusters"), fleet: fleet),
                atMs: try timeFromStart(fields.required("at"), start: start),
                durationMs: try fields.required("duration").duration(allowZero: false)))
        }
        return Faults(
            nodeActionFailureProbability: try object.optional("nodeActionFailureProbability")?.double(in: 0...1) ?? 0,
            silentStepProbability: try object.optional("silentStepProbability")?.double(in: 0...1) ?? 0,
            outages: outages,
            stuckMachineProbability: try object.optional("stuckMachineProbability")?.double(in: 0...1) ?? 0)
    }

    /// A time when something happens in the replay (a timeline entry, an outage): not before `start`.
    static func timeFromStart(_ node: JSONNode, start: Int64, startName: String = "$.start") throws(ScenarioError) -> Int64 {
        let at = try time(node, start: start)
        if at < start {
            // Whole seconds as a scenario writes them (2026-11-24T00:00:00Z), milliseconds only when there are some.
            let startText = start % 1000 == 0 ? RFC3339.text(start).replacingOccurrences(of: ".000Z", with: "Z") : RFC3339.text(start)
            throw node.fail("'\(try node.string())' is before \(startName) (\(startText)); the replay begins at \(startName)")
        }
        return at
    }

    static func selector(_ node: JSONNode, fleet: FleetNames) throws(ScenarioError) -> ClusterSelector {
        let object = try node.object(allowing: ["classes", "first", "ids"])
        var names: [String] = []
        for item in try object.optional("classes")?.array() ?? [] {
            let name = try item.string()
            guard fleet.contains(class: name) else { throw item.fail("class '\(name)' is not defined in $.fleet") }
            names.append(name)
        }
        var ids: [String] = []
        for item in try object.optional("ids")?.array() ?? [] {
            let id = try item.string()
            guard fleet.contains(cluster: id) else {
                throw item.fail("cluster '\(id)' is not in $.fleet (clusters are named <class>-00001 up to each class's count)")
            }
            ids.append(id)
        }
        return ClusterSelector(classes: names, first: try object.optional("first")?.int(in: 1...10_000_000), ids: ids)
    }

    static func action(
        _ node: JSONNode, start: Int64, profiles: Set<ProfileReference>, templates: Set<String>,
        fleet: FleetNames, templateClasses: Set<String>
    ) throws(ScenarioError) -> TimelineAction {
        let object = try node.object(allowing: [
            "at", "action", "clusters", "profile", "template", "variables", "actor", "comment", "status", "forceSkipMinor",
        ])
        let kindNode = try object.required("action")
        let kind: TimelineAction.Kind
        let name = try kindNode.string()
        for key in ["template", "variables"] where name != "changeTemplate" {
            if let stray = object.optional(key) { throw stray.fail("only a changeTemplate action takes \(key)") }
        }
        if name == "changeTemplate", let stray = object.optional("profile") { throw stray.fail("a changeTemplate action takes template and variables, not a profile") }
        if name != "assign", let stray = object.optional("forceSkipMinor") { throw stray.fail("only an assign action takes forceSkipMinor") }
        if name != "status", let stray = object.optional("status") { throw stray.fail("only a status action takes status") }
        if name != "assign" && name != "changeTemplate", let stray = object.optional("profile") { throw stray.fail("only an assign action takes profile") }
        let actor = try object.optional("actor").map { node throws(ScenarioError) in try StoreKeys.actor(node) } ?? "operator"
        switch name {
        case "assign":
            kind = .assign(
                try profileReference(object.required("profile"), known: profiles),
                forceSkipMinor: try object.optional("forceSkipMinor").map { node throws(ScenarioError) in try minorSkipOverride(node, actor: actor) })
        case "changeTemplate": kind = .changeTemplate(try templateChange(object, templates: templates))
        case "status": kind = .status(try clusterStatus(object.required("status")))
        case "approve": kind = .approve
        case "deny": kind = .deny
        case "pause": kind = .pause
        case "resume": kind = .resume
        case "cancel": kind = .cancel
        default: throw kindNode.fail("unknown action (expected assign, changeTemplate, status, approve, deny, pause, resume or cancel)")
        }
        let selectorNode = try object.required("clusters")
        let clusters = try selector(selectorNode, fleet: fleet)
        try checkKinds(of: clusters, at: selectorNode.path, action: name, fleet: fleet, templateClasses: templateClasses)
        let at = try timeFromStart(object.required("at"), start: start)
        return TimelineAction(
            atMs: at, kind: kind,
            clusters: clusters,
            actor: actor,
            comment: try object.optional("comment")?.string() ?? "")
    }

    /// A selector names only clusters its action acts on: `changeTemplate` template classes and
    /// their clusters, `cancel` either kind, every other action edge ones (the simulator passes the
    /// others by: a template deployment takes no approval, pause, profile or status).
    static func checkKinds(
        of clusters: ClusterSelector, at path: String, action: String, fleet: FleetNames, templateClasses: Set<String>
    ) throws(ScenarioError) {
        guard action != "cancel" else { return }
        let wantsTemplate = action == "changeTemplate"
        for (offset, cls) in clusters.classes.enumerated() where templateClasses.contains(cls) != wantsTemplate {
            let problem: String
            switch action {
            case "changeTemplate": problem = "class '\(cls)' is an edge class; changeTemplate applies to template classes"
            case "assign": problem = "class '\(cls)' is a template class; assign a profile to edge classes, use changeTemplate here"
            default: problem = "class '\(cls)' is a template class; \(action) applies to edge classes"
            }
            throw ScenarioError(path: path + ".classes[\(offset)]", problem: problem)
        }
        for (offset, id) in clusters.ids.enumerated() {
            guard let cls = fleet.className(ofCluster: id), templateClasses.contains(cls) != wantsTemplate else { continue }
            let problem = wantsTemplate
                ? "cluster '\(id)' is of edge class '\(cls)'; changeTemplate applies to template clusters"
                : "cluster '\(id)' is of template class '\(cls)'; \(action) applies to edge clusters"
            throw ScenarioError(path: path + ".ids[\(offset)]", problem: problem)
        }
    }
}
