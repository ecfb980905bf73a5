import Engine
import Foundation
import UpgradeDomain

/// The upgrade a state is about: the one under way, else the one that ended last.
struct UpgradeFacts {
    let text: String
    let json: String

    init?(state: ClusterUpgradeState, snapshot: ClusterSnapshot) {
        let number: Int
        let target: ProfileReference
        var behavior: String?
        var nodes: Int?
        if let active = state.active {
            (number, target) = (active.number, active.accepted.change.target)
            behavior = active.accepted.change.behavior.rawValue
            nodes = active.plan.nodes.count
        } else {
            switch state.lastOutcome {
            case .succeeded(let success): (number, target) = (success.upgrade, success.target)
            case .failed(let failure): (number, target) = (failure.upgrade, failure.target)
            case .cancelled(let cancellation): (number, target) = (cancellation.upgrade, cancellation.target)
            case .none: return nil
            }
        }
        let id = snapshot.upgradeID(number).uuidString.lowercased()
        var text = "#\(number) \(id): "
        if let behavior { text += "\(behavior) " }
        text += "to \(ProfileJSON.text(target))"
        if let nodes { text += ", \(nodes) nodes" }
        self.text = text
        json = JSONText.object([
            ("id", JSONText.quote(id)), ("number", String(number)), ("behavior", JSONText.quote(behavior)),
            ("target", ProfileJSON.reference(target)), ("nodes", JSONText.number(nodes)),
        ])
    }
}
