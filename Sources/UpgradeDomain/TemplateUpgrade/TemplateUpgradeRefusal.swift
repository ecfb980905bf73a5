/// A refused command: an explicit outcome that changes nothing but tells the operator why.
public struct TemplateUpgradeRefusal: Hashable, Sendable, Codable {
    /// Why a command was refused.
    public enum Reason: Hashable, Sendable, Codable {
        /// No deployment is registered yet.
        case notRegistered
        /// `register` was sent for a deployment already tracked.
        case alreadyRegistered
        /// The requested template name is empty.
        case emptyTemplateName
        /// Upgrade paths are declared, but none starts at the current template.
        case templateNotInUpgradePaths(current: String, target: String)
        /// The target is not among the current template's available upgrades.
        case outsideUpgradePath(current: String, target: String, allowed: [String])
        /// An upgrade is in progress; changes are refused until it ends (see the decider).
        /// `sameChange` is true when the refused change asked for exactly what that upgrade is
        /// rolling out (its template and variables) under another upgrade id: nothing was started
        /// under the change's id. Absent from refusals recorded before it was kept (and from other
        /// changes), which read as before; a build older than it ignores it.
        case upgradeInProgress(upgradeId: String, target: String, sameChange: Bool? = nil)
        /// An earlier upgrade of this deployment (to `earlierTarget`) started with this upgrade id;
        /// an id names one upgrade and its audit trail, so it is not reused.
        case upgradeIdReused(upgradeId: String, earlierTarget: String)
        /// A change came before any object of the deployment's cluster was observed: the upgrade's
        /// start records the machines and owner generations from before the change, and with nothing
        /// observed that baseline would be empty, so the old machines, once watched, would count as
        /// the rollout's new ones. `deployment` is the deployment's cluster id.
        case noClusterAPIStatusObserved(deployment: String)
    }

    /// The command's name (`register`, `changeDeployment`, ...).
    public var command: String
    /// The upgrade id the refused change carried, if any.
    public var upgradeId: String?
    /// Why.
    public var reason: Reason
    /// When.
    public var at: TemplateInstant

    /// Creates a refusal.
    public init(command: String, upgradeId: String? = nil, reason: Reason, at: TemplateInstant) {
        self.command = command
        self.upgradeId = upgradeId
        self.reason = reason
        self.at = at
    }

    /// One sentence for the operator.
    public var message: String {
        switch reason {
        case .notRegistered:
            return "\(command) refused: the deployment is not registered"
        case .alreadyRegistered:
            return "\(command) refused: the deployment is already registered"
        case .emptyTemplateName:
            return "\(command) refused: the template name is empty"
        case .templateNotInUpgradePaths(let current, let target):
            return "\(command) refused: no upgrade path is declared from template \(current), so \(target) is not allowed"
        case .outsideUpgradePath(let current, let target, let allowed):
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return "\(command) refused: \(target) is not an available upgrade of \(current) (allowed: \(list))"
        case .upgradeInProgress(let running, let target, true):
            let named = upgradeId.map { "upgradeId \($0)" } ?? "the change"
            return "\(command) refused: upgrade \(running) is already rolling out template \(target) with these variables; \(named) was not started (send upgradeId \(running), or none, to follow upgrade \(running))"
        case .upgradeInProgress(let upgradeId, let target, _):
            return "\(command) refused: upgrade \(upgradeId) to \(target) is in progress; change again once it ends"
        case .upgradeIdReused(let upgradeId, let earlierTarget):
            return "\(command) refused: upgrade id \(upgradeId) was already used by the upgrade to \(earlierTarget); send this change with a new upgrade id (or none, for a generated one)"
        case .noClusterAPIStatusObserved(let deployment):
            return "\(command) refused: no Cluster API status has been observed yet for deployment \(deployment); send its watch (the initial list of its Cluster API objects) first, so that the machines from before the change are known"
        }
    }
}
