import Foundation

/// The serve benchmark's fleet: publishes one profile version per round plus the starting one
/// and registers the clusters; each round assigns the next version (a Kubernetes patch, so a
/// reboot) to every cluster, then one agent thread per cluster reports every step.
struct BenchFleet: Sendable {
    let port: Int
    let workers: Int
    let rounds: Int

    static func profile(_ version: String, kubernetes: String) -> String {
        #"{"name":"bench","version":"\#(version)","distribution":"rke2","packs":[{"layer":"os","name":"edge-native-byoi","version":"1.0.0"},{"layer":"kubernetes","name":"edge-rke2","version":"\#(kubernetes)"},{"layer":"network","name":"cni-calico","version":"3.28.0"}]}"#
    }

    /// Version `1.<round>.0` runs Kubernetes `v1.30.<4 + round>`: each round is a patch upgrade.
    static func version(round: Int) -> (profile: String, kubernetes: String) {
        ("1.\(round).0", "v1.30.\(4 + round)+rke2r1")
    }

    func prepare(_ clusters: [String]) throws {
        let client = try LoopbackHTTPClient(port: port)
        for round in 0...rounds {
            let (profile, kubernetes) = Self.version(round: round)
            try expect(client.send("POST", "/v1/profiles", token: "bench-operator", body: Self.profile(profile, kubernetes: kubernetes)), 201)
        }
        let nodes = (1...workers).map { "\"w\($0)\"" }.joined(separator: ",")
        for cluster in clusters {
            let body = #"{"id":"\#(cluster)","profile":{"name":"bench","version":"1.0.0"},"pools":[{"id":"cp","role":"control-plane","nodes":["cp1"],"maxSurge":"0","maxUnavailable":"1"},{"id":"workers","role":"worker","nodes":[\#(nodes)],"maxSurge":"0","maxUnavailable":"1"}]}"#
            try expect(client.send("POST", "/v1/clusters", token: "bench-operator", body: body), 201)
        }
    }

    /// Starts round `round` (1…rounds): every cluster is assigned that round's version.
    func assign(_ clusters: [String], round: Int) throws {
        let client = try LoopbackHTTPClient(port: port)
        let profile = Self.version(round: round).profile
        for cluster in clusters {
            try expect(client.send("POST", "/v1/clusters/\(cluster)/profile", token: "bench-operator", body: #"{"name":"bench","version":"\#(profile)"}"#), 202)
        }
    }

    /// Runs every agent on its own thread until its upgrade ends; returns each report's latency (s).
    func drive(_ clusters: [String]) throws -> [Double] {
        let results = ResultBox(count: clusters.count)
        let group = DispatchGroup()
        for (index, cluster) in clusters.enumerated() {
            group.enter()
            let thread = Thread {
                results.set(index, Result { try agent(cluster) })
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return try results.all().flatMap { try $0.get() }
    }

    private func agent(_ cluster: String) throws -> [Double] {
        let client = try LoopbackHTTPClient(port: port)
        let token = "agent-\(cluster)"
        let (status, body) = try client.send("GET", "/v1/agents/\(cluster)/next-action", token: token)
        guard status == 200 else { throw LoopbackHTTPClient.Failure(description: "\(cluster): next-action answered \(status)") }
        var next = try Self.actions(body, key: "actions")
        var latencies: [Double] = []
        while let action = next.first {
            let report = #"{"node":"\#(action.node)","step":"\#(action.step)","outcome":"succeeded","idempotencyKey":"\#(cluster)/\#(action.upgrade)/\#(action.node)/\#(action.step)/\#(action.attempt)","attempt":\#(action.attempt),"upgrade":\#(action.upgrade)}"#
            let sent = ContinuousClock.now
            let (answered, answer) = try client.send("POST", "/v1/agents/\(cluster)/reports", token: token, body: report)
            let took = ContinuousClock.now - sent
            latencies.append(Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
            guard answered == 200 else {
                throw LoopbackHTTPClient.Failure(description: "\(cluster): report answered \(answered) \(String(decoding: answer, as: UTF8.self))")
            }
            next = try Self.actions(answer, key: "nextActions")
        }
        return latencies
    }

    struct Action { var upgrade: Int; var node: String; var step: String; var attempt: Int }

    /// The first action listed under `key`, read by a scan of the server's compact JSON (the
    /// agents need only that one). A decoder per report would cost the load generator more than
    /// the server spends deciding the report, on the same two cores.
    static func actions(_ body: [UInt8], key: String) throws -> [Action] {
        let malformed = LoopbackHTTPClient.Failure(description: "unexpected answer: \(String(decoding: body, as: UTF8.self))")
        guard let list = Self.end(of: Array("\"\(key)\":[".utf8), in: body[...]) else { throw malformed }
        guard list < body.count, body[list] == UInt8(ascii: "{") else { return [] }
        guard let close = body[list...].firstIndex(of: UInt8(ascii: "}")) else { throw malformed }
        let object = body[list...close]
        guard let node = string("node", in: object), let step = string("step", in: object),
              let upgrade = integer("upgrade", in: object), let attempt = integer("attempt", in: object)
        else { throw malformed }
        return [Action(upgrade: upgrade, node: node, step: step, attempt: attempt)]
    }

    private static func integer(_ name: String, in object: ArraySlice<UInt8>) -> Int? {
        guard let start = end(of: Array("\"\(name)\":".utf8), in: object) else { return nil }
        return Int(String(decoding: object[start...].prefix { (0x30...0x39).contains($0) }, as: UTF8.self))
    }

    private static func string(_ name: String, in object: ArraySlice<UInt8>) -> String? {
        guard let start = end(of: Array("\"\(name)\":\"".utf8), in: object),
              let close = object[start...].firstIndex(of: UInt8(ascii: "\""))
        else { return nil }
        return String(decoding: object[start..<close], as: UTF8.self)
    }

    /// The index just past the first occurrence of `pattern`.
    private static func end(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        var index = bytes.startIndex
        while index + pattern.count <= bytes.endIndex {
            if bytes[index..<index + pattern.count].elementsEqual(pattern) { return index + pattern.count }
            index += 1
        }
        return nil
    }

    private func expect(_ response: (Int, [UInt8]), _ status: Int) throws {
        guard response.0 == status else {
            throw LoopbackHTTPClient.Failure(description: "setup answered \(response.0): \(String(decoding: response.1, as: UTF8.self))")
        }
    }
}

/// Results written by agent threads, read after they all finished.
/// `@unchecked Sendable`: every access holds the lock.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[Double], any Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<[Double], any Error>) { lock.withLock { results[index] = result } }
    func all() -> [Result<[Double], any Error>] { lock.withLock { results.map { $0 ?? .success([]) } } }
}
