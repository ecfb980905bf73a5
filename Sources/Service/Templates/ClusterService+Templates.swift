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
        try DeploymentRegistration.checkTemplateName(body.template)
        if let upgradeId = body.upgradeId { try DeploymentRegistration.checkUpgradeId(upgradeId) }
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
}
