import Foundation

/// An agent for one cluster, over HTTP: asks for the next action (long poll) and reports it
/// succeeded (after reporting it started, if asked to), with an idempotency key per node, step and attempt.
struct SimulatedAgent {
    let cluster: String
    let token: String
    var reportsStarts = false

    struct Report {
        var key: String
        var node: String
        var step: String
        var events: [String]
        var lastPosition: UInt64?
    }

    /// Answers up to `limit` actions, stopping early when the upgrade ends; returns the reports.
    func drive(_ service: ServiceProcess, limit: Int = .max) async throws -> [Report] {
        var reports: [Report] = []
        while reports.count < limit {
            let (status, body) = try await service.object("GET", "/v1/agents/\(cluster)/next-action?timeout=2000", token: token)
            if status == 204 {
                if try await self.status(service) != "in-progress" { return reports }
                continue
            }
            guard status == 200, let action = (body["actions"] as? [[String: Any]])?.first,
                  let node = action["node"] as? String, let step = action["step"] as? String, let attempt = action["attempt"] as? Int else {
                throw AgentError.unexpected(status, "\(body)")
            }
            let key = "\(cluster)/\(node)/\(step)/\(attempt)"
            if reportsStarts {
                let start = #"{"node":"\#(node)","step":"\#(step)","outcome":"started","idempotencyKey":"\#(key)/started","attempt":\#(attempt)}"#
                let (started, answer) = try await service.object("POST", "/v1/agents/\(cluster)/reports", token: token, json: start)
                guard started == 200 else { throw AgentError.unexpected(started, "\(answer)") }
            }
            let report = #"{"node":"\#(node)","step":"\#(step)","outcome":"succeeded","idempotencyKey":"\#(key)","attempt":\#(attempt)}"#
            let (answered, answer) = try await service.object("POST", "/v1/agents/\(cluster)/reports", token: token, json: report)
            guard answered == 200 || answered == 202 else { throw AgentError.unexpected(answered, "\(answer)") }
            reports.append(Report(key: key, node: node, step: step, events: answer["events"] as? [String] ?? [],
                                  lastPosition: (answer["lastPosition"] as? NSNumber)?.uint64Value))
        }
        return reports
    }

    func status(_ service: ServiceProcess) async throws -> String {
        let (_, body) = try await service.object("GET", "/v1/clusters/\(cluster)", token: "viewer-token")
        return body["status"] as? String ?? "unknown"
    }
}

enum AgentError: Error { case unexpected(Int, String) }
