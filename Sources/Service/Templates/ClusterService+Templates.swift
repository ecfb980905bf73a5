import Engine
import Foundation
import Hummingbird
import UpgradeDomain

extension ClusterService {
    var templateNow: TemplateInstant { TemplateInstant(millisecondsSinceEpoch: clock.now().millisecondsSinceEpoch) }

    func registerDeployment(_ body: DeploymentRegistration, actor: String) async throws -> TemplateDeployments.Outcome {
        let deployment = try body.deployment()
        if try await deployments.state(of: body.clusterId).state.deployment != nil {
            throw APIError.conflict("deployment \(body.clusterId) is already registered")
        }
        let outcome = try await deployments.execute(.register(deployment, at: templateNow), on: body.clusterId, actor: actor, at: templateNow)
        if let refusal = outcome.refusal { throw APIError.conflict(refusal.message) }
        // Registered by a concurrent request between the check above and this command: the
        // decider recorded nothing, and this request created nothing.
        if outcome.events.isEmpty { throw APIError.conflict("deployment \(body.clusterId) is already registered") }
        try await deploymentDirectory.add(body.clusterId)
        return outcome
    }

    /// The registered deployment and its state; 404 before registration.
    func deployment(_ id: String) async throws -> (TemplateDeployment, TemplateUpgradeState) {
        let folded = try await deployments.state(of: id)
        guard let deployment = folded.state.deployment else {
            if folded.kind == .edge {
                throw APIError.notFound("\(id) is an edge cluster, not a template-based deployment (GET /v1/clusters/\(id))")
            }
            throw APIError.notFound("deployment \(id) is not registered")
        }
        return (deployment, folded.state)
    }

    func changeTemplate(_ body: TemplateChangeBody, on id: String, actor: String) async throws -> TemplateDeployments.Outcome {
        guard !body.template.isEmpty else { throw APIError.badRequest("template must not be empty") }
        try DeploymentRegistration.requireObject(body.variables)
        let (deployment, _) = try await self.deployment(id)
        let now = templateNow
        let change = TemplateDeploymentChange(
            upgradeId: body.upgradeId ?? "upgrade-\(now.millisecondsSinceEpoch)", template: body.template,
            variables: body.variables ?? deployment.variables, targetKubernetesVersion: body.targetKubernetesVersion, at: now)
        let outcome = try await deployments.execute(.changeDeployment(change), on: id, actor: actor, at: now)
        if let refusal = outcome.refusal { throw APIError.conflict(refusal.message) }
        return outcome
    }

    /// Feeds a watch stream (newline-delimited or pretty-printed events) into the deployment as it
    /// arrives. Every event of a chunk is parsed before any is applied; the first bad event, or
    /// a stream that ends inside an event, ends the request with a 400 naming it, whose details
    /// count what earlier chunks applied (those events stay recorded).
    func ingestWatch(_ body: RequestBody, from request: Request, into id: String, actor: String) async throws -> WatchAnswer {
        _ = try await deployment(id)
        var splitter = JSONTextSplitter(maxObjectBytes: body.limit)
        var answer = WatchAnswer(received: 0, observed: 0, ignored: 0, events: 0, status: "", detail: "")
        for try await chunk in request.body {
            let texts = try splitter.feed(chunk.readableBytesView)
            var parsed: [CAPIWatchEvent] = []
            for text in texts {
                do {
                    parsed.append(try CAPIWatchEventParser.parse(line: text))
                } catch {
                    throw APIError(.badRequest, code: "invalid_watch_event", "watch event \(answer.received + parsed.count + 1): \(error)\(answer.appliedBefore)",
                                   details: answer.counts)
                }
            }
            for event in parsed {
                let now = templateNow
                let outcome = try await deployments.execute(.observe(event, at: now), on: id, actor: actor, at: now)
                answer.received += 1
                answer.events += outcome.events.count
                if outcome.events.contains(where: { if case .objectObserved = $0 { true } else { false } }) {
                    answer.observed += 1
                } else {
                    answer.ignored += 1
                }
            }
        }
        if splitter.isInsideObject {
            throw APIError(.badRequest, code: "bad_request", "watch stream ended inside event \(splitter.count + 1)\(answer.appliedBefore)", details: answer.counts)
        }
        let state = try await deployments.state(of: id).state
        answer.status = state.status.label
        answer.detail = state.status.detail
        return answer
    }
}
