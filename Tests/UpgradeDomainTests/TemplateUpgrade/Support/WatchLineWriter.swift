/// Writes arbitrary watch lines as text, in every shape a reader of them meets: v1beta1 and
/// v1beta2 objects with conditions, labels, owner references and replica counts; unknown fields
/// and large nested ones (`managedFields`); nulls and values of the wrong type; strings with
/// every escape; numbers in every form; whitespace, trailing commas, keys written twice; and,
/// now and then, text that is no JSON at all (cut short, a bad number or escape, nested too deep).
struct WatchLineWriter {
    /// A small deterministic generator, so that a failing seed can be replayed.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    }

    var dice: Dice

    init(seed: Int) { dice = Dice(state: UInt64(seed)) }

    /// Numbers as JSON texts: plain, signed, fractions, exponents, beyond `int32` and `Int64`.
    static let numbers = [
        "0", "1", "3", "-0", "-1", "42", "1.0", "1e0", "2.5e1", "3E+0", "100e-2", "0.5", "-2.5", "1e-400",
        "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775808.0", "9007199254740993.0", "12345678901234567.5", "4.5e15", "1.5e300",
        "123456789012345678901234567890123456789012", "0.1000000000000000000000000000000000000001",
    ]

    /// Numbers JSON refuses, or `JSONDecoder` does (beyond a `Double`).
    static let badNumbers = ["1e400", "01", "1.", "-", "+1", "1e", ".5", "1.5.3"]

    /// Strings as JSON texts (quotes included): escapes of every kind, surrogate pairs, raw non-ASCII.
    static let strings = [
        #""""#, #""m-0""#, #""Running""#, #""a \"quoted\" word""#, #""back\\slash""#, #""caf\u00e9""#,
        #""café""#, #""\ud83d\ude00 smile""#, #""😀""#, #""tab\tnew\nline\r\b\f\/""#, #""\u0000nul""#,
        #""\uD83D\uDE00""#, "\"del\u{7F}\"", #""v1.31.0""#, #""True""#,
    ]

    /// Strings JSON refuses: a lone surrogate, a raw control character, an unknown escape.
    static let badStrings = [
        #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#, #""\x""#, "\"raw\u{01}control\"", #""\u00zz""#, #""\u12""#,
    ]

    /// One line, sometimes not JSON, sometimes not a watch event.
    mutating func line() -> String {
        var text = event()
        if dice.chance(3) { text = "\u{FEFF}" + text }
        if dice.chance(3) { text = String(text.prefix(dice.int(0...text.count))) }
        if dice.chance(2) { text += dice.pick([" x", "}", ",", " ", "\n"]) }
        return text
    }

    private mutating func event() -> String {
        switch dice.int(0...99) {
        case 0..<2: return dice.pick(["[1,2]", "\"text\"", "42", "null", "", "  "])
        case 2..<5: return object(["apiVersion": quoted(apiVersion()), "kind": quoted(kind()), "metadata": metadata()])
        default: break
        }
        let type = dice.chance(97) ? quoted(dice.pick(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "ADDED", "MODIFIED"]))
            : dice.pick(["\"SYNC\"", "1", "null"])
        var members: [String: String] = [:]
        if dice.chance(98) { members["type"] = type }
        if dice.chance(98) {
            members["object"] = type == "\"ERROR\"" && dice.chance(80) ? status() : capiObject()
        }
        if dice.chance(5) { members["kind"] = quoted(kind()) }
        return object(members)
    }

    private mutating func status() -> String {
        object(["kind": "\"Status\"", "apiVersion": "\"v1\"", "status": "\"Failure\"",
                "message": maybe(string()), "reason": maybe("\"Expired\""), "code": maybe(dice.pick(["410", "410.0", "4.1e2", "1e400", "\"410\""]))])
    }

    private mutating func capiObject() -> String {
        let version = apiVersion()
        var members: [String: String] = [
            "apiVersion": dice.chance(97) ? quoted(version) : dice.pick(["1", "null", "\"cluster.x-k8s.io/v1alpha4\""]),
            "kind": dice.chance(98) ? quoted(kind()) : "7",
            "metadata": metadata(),
        ]
        if dice.chance(85) { members["spec"] = spec() }
        if dice.chance(85) { members["status"] = statusOf(v1beta1: version.hasSuffix("v1beta1")) }
        return object(members)
    }

    private mutating func apiVersion() -> String {
        dice.pick(["cluster.x-k8s.io/v1beta1", "cluster.x-k8s.io/v1beta2", "controlplane.cluster.x-k8s.io/v1beta2",
                   "controlplane.cluster.x-k8s.io/v1beta1", "v1beta2", "cluster.x-k8s.io/v2"])
    }

    private mutating func kind() -> String {
        dice.pick(["Machine", "Machine", "Machine", "MachineDeployment", "Cluster", "KubeadmControlPlane", "MachineSet", "K0sControlPlane"])
    }

    private mutating func metadata() -> String {
        var labels: [String: String] = [:]
        if dice.chance(80) { labels["cluster.x-k8s.io/cluster-name"] = dice.pick(["\"c1\"", "\"c2\"", "\"caf\\u00e9\""]) }
        if dice.chance(30) { labels["cluster.x-k8s.io/control-plane"] = "\"\"" }
        if dice.chance(50) { labels["cluster.x-k8s.io/deployment-name"] = quoted(dice.pick(["md-0", "md-1"])) }
        if dice.chance(20) { labels["app"] = dice.chance(90) ? string() : scalar() }
        let owners = (0..<dice.int(0...2)).map { _ in
            object(["kind": maybe(quoted(dice.pick(["MachineSet", "KubeadmControlPlane"]))), "name": maybe(string()),
                    "uid": "\"o-1\"", "controller": "true", "apiVersion": "\"cluster.x-k8s.io/v1beta2\""])
        }
        return object([
            "uid": maybe(dice.pick(["\"u-1\"", "\"u-2\"", "\"\"", "\"u-\\u0033\""])),
            "resourceVersion": maybe(dice.pick(["\"100\"", "\"101\"", "\"\"", "101"])),
            "name": maybe(string()), "namespace": maybe(dice.pick(["\"default\"", "\"ns-1\""])),
            "labels": dice.chance(90) ? object(labels) : maybe(dice.pick(["[]", "\"x\""])),
            "ownerReferences": dice.chance(90) ? array(owners) : maybe("{}"),
            "generation": maybe(number()), "creationTimestamp": maybe("\"2026-12-01T02:00:00Z\""),
            "deletionTimestamp": dice.chance(10) ? dice.pick(["\"2026-12-01T03:00:00Z\"", "null", "{}"]) : nil,
            "annotations": dice.chance(30) ? object(["note": string()]) : nil,
            "managedFields": dice.chance(40) ? junk(depth: 4) : nil,
        ])
    }

    private mutating func spec() -> String {
        object([
            "clusterName": maybe(dice.pick(["\"c1\"", "\"c2\"", "3"])), "version": maybe(dice.pick(["\"v1.31.0\"", "\"v1.32.0\"", "1.32"])),
            "replicas": maybe(number()),
            "strategy": dice.chance(20) ? object(["type": maybe(quoted(dice.pick(["RollingUpdate", "OnDelete"])))]) : nil,
            "rollout": dice.chance(20) ? object(["strategy": object(["type": maybe(quoted("RollingUpdate"))])]) : nil,
            "template": dice.chance(30) ? junk(depth: 3) : nil,
            // Rare: JSONDecoder, the reference, takes long over 500 levels.
            "deep": dice.int(0...999) < 3 ? deep(levels: dice.int(510...514)) : nil,
        ])
    }

    private mutating func statusOf(v1beta1: Bool) -> String {
        var members: [String: String?] = [
            "phase": maybe(dice.pick(["\"Running\"", "\"Provisioning\"", "\"Failed\""])), "observedGeneration": maybe(number()),
            "conditions": conditions(), "replicas": maybe(number()), "readyReplicas": maybe(number()),
            "availableReplicas": maybe(number()), "updatedReplicas": maybe(number()), "upToDateReplicas": maybe(number()),
            "failureReason": dice.chance(10) ? string() : nil, "failureMessage": dice.chance(10) ? string() : nil,
        ]
        if v1beta1 {
            members["v1beta2"] = dice.chance(60) ? object(["conditions": conditions(), "upToDateReplicas": maybe(number())]) : nil
        } else {
            members["deprecated"] = dice.chance(60) ? object(["v1beta1": object([
                "conditions": conditions(), "failureReason": maybe(string()), "failureMessage": maybe(string()),
                "updatedReplicas": maybe(number()),
            ])]) : nil
        }
        return object(members.compactMapValues { $0 })
    }

    private mutating func conditions() -> String? {
        guard dice.chance(80) else { return maybe("{}") }
        return array((0..<dice.int(0...4)).map { _ in
            object([
                "type": maybe(quoted(dice.pick(["Ready", "UpToDate", "Available", "InfrastructureReady"]))),
                "status": dice.chance(95) ? quoted(dice.pick(["True", "False", "Unknown"])) : maybe(dice.pick(["\"Yes\"", "true"])),
                "reason": maybe(string()), "message": maybe(string()), "severity": maybe("\"Error\""),
                "lastTransitionTime": maybe("\"2026-12-01T02:00:00Z\""), "observedGeneration": dice.chance(30) ? number() : nil,
            ])
        })
    }

    /// Any JSON value, nested up to `depth`, the shape of fields no reader looks at.
    private mutating func junk(depth: Int) -> String {
        guard depth > 0, dice.chance(60) else { return scalar() }
        if dice.chance(50) {
            return array((0..<dice.int(0...3)).map { _ in junk(depth: depth - 1) })
        }
        var members: [String: String] = [:]
        for _ in 0..<dice.int(0...4) { members[dice.pick(["f:metadata", "f:spec", "f:status", "k", "v:\\\"x\\\""])] = junk(depth: depth - 1) }
        return object(members)
    }

    private mutating func deep(levels: Int) -> String {
        String(repeating: "[", count: levels) + scalar() + String(repeating: "]", count: levels)
    }

    private mutating func scalar() -> String {
        switch dice.int(0...9) {
        case 0: "null"
        case 1: dice.pick(["true", "false", "tru"])
        case 2...5: number()
        default: string()
        }
    }

    /// A number, rarely one JSON refuses.
    private mutating func number() -> String {
        switch dice.int(0...199) {
        case 0: dice.pick(Self.badNumbers)
        case 1..<60: dice.pick(Self.numbers)
        default: String(dice.int(0...5))
        }
    }

    /// A string, rarely one JSON refuses.
    private mutating func string() -> String {
        switch dice.int(0...199) {
        case 0: dice.pick(Self.badStrings)
        case 1..<100: dice.pick(Self.strings)
        default: quoted(dice.pick(["m-1", "md-0", "Ready"]))
        }
    }

    /// `value`, or null, or nothing (absent), or rarely a value of another type.
    private mutating func maybe(_ value: String?) -> String? {
        switch dice.int(0...19) {
        case 0: nil
        case 1: "null"
        case 2: dice.pick(["[]", "{}", "true", "1.5"])
        default: value
        }
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }

    private mutating func space() -> String {
        dice.chance(80) ? "" : dice.pick([" ", "  ", "\t", "\r\n", " \n "])
    }

    /// A key, now and then with an escape (`"\u006bind"` is `"kind"`).
    private mutating func key(_ name: String) -> String {
        guard dice.chance(5), let first = name.unicodeScalars.first, first.isASCII else { return quoted(name) }
        let hex = String(first.value, radix: 16)
        return quoted("\\u" + String(repeating: "0", count: 4 - hex.count) + hex + name.dropFirst())
    }

    private mutating func object(_ members: [String: String?]) -> String {
        var parts: [String] = []
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let value else { continue }
            parts.append(space() + key(name) + space() + ":" + space() + value + space())
            // A key written twice: the decoder keeps the first and only scans the second.
            if dice.chance(2) {
                parts.append(key(name) + ":" + dice.pick(["01", "1e400", "\"\\ud800\"", "\"\\x\"", "2", "[1,]", "{\"a\":01}", "+1", "tru"]))
            }
        }
        if dice.chance(30) { parts.shuffle(using: &dice) }
        let trailing = !parts.isEmpty && dice.chance(2) ? "," : ""
        return "{" + parts.joined(separator: ",") + trailing + space() + "}"
    }

    private mutating func array(_ items: [String]) -> String {
        let trailing = !items.isEmpty && dice.chance(2) ? "," : ""
        return "[" + space() + items.map { $0 + space() }.joined(separator: ",") + trailing + "]"
    }
}

extension WatchLineWriter.Dice: RandomNumberGenerator {}
