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
        if let refusal = outcome.refusal { throw APIError.conflict(refusal.message, details: Self.details(of: refusal)) }
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
        let (deployment, state) = try await self.deployment(id)
        let now = templateNow
        let variables = body.variables ?? deployment.variables
        // Without an upgradeId, the change under way sent again is that change (an idempotent
        // repeat), not another upgrade under a generated id, which the decider would refuse.
        let running = state.upgrade.flatMap { upgrade in
            upgrade.isInProgress && upgrade.start.toTemplate == body.template && upgrade.start.toVariables == variables ? upgrade.id : nil
        }
        let change = TemplateDeploymentChange(
            upgradeId: body.upgradeId ?? running ?? "upgrade-\(now.millisecondsSinceEpoch)", template: body.template,
            variables: variables, targetKubernetesVersion: body.targetKubernetesVersion, at: now)
        let outcome = try await deployments.execute(.changeDeployment(change), on: id, actor: actor, at: now)
        if let refusal = outcome.refusal { throw APIError.conflict(refusal.message, details: Self.details(of: refusal)) }
        return outcome
    }

    /// A template refusal's 409 details: the command, the reason's name, the upgrade id the change
    /// carried (`upgradeId`) and, by reason, the upgrade under way (`runningUpgradeId`,
    /// `runningTarget`), the earlier upgrade's target (`earlierTarget`) or the deployment that has
    /// no Cluster API status yet (`deployment`).
    static func details(of refusal: TemplateUpgradeRefusal) -> [String: String] {
        var details = ["command": refusal.command]
        details["upgradeId"] = refusal.upgradeId
        switch refusal.reason {
        case .notRegistered: details["reason"] = "notRegistered"
        case .alreadyRegistered: details["reason"] = "alreadyRegistered"
        case .emptyTemplateName: details["reason"] = "emptyTemplateName"
        case .templateNotInUpgradePaths(let current, let target):
            details["reason"] = "templateNotInUpgradePaths"
            details["current"] = current
            details["target"] = target
        case .outsideUpgradePath(let current, let target, let allowed):
            details["reason"] = "outsideUpgradePath"
            details["current"] = current
            details["target"] = target
            details["allowed"] = allowed.joined(separator: ",")
        case .upgradeInProgress(let running, let target, let sameChange):
            details["reason"] = "upgradeInProgress"
            details["runningUpgradeId"] = running
            details["runningTarget"] = target
            if sameChange == true { details["sameChange"] = "true" }
        case .upgradeIdReused(_, let earlierTarget):
            details["reason"] = "upgradeIdReused"
            details["earlierTarget"] = earlierTarget
        case .noClusterAPIStatusObserved(let deployment):
            details["reason"] = "noClusterAPIStatusObserved"
            details["deployment"] = deployment
        }
        return details
    }
}
