import Foundation
import UpgradeDomain

/// The policy to try in `replay --from-store DIR --policy FILE`: a scenario's `policy` object, plus
/// optional `maxUnavailable` / `maxSurge` for every worker pool. Unknown keys and bad values are
/// errors naming their JSON path, as in scenarios.
public enum PolicyFile {
    public static func load(_ path: String, start: Int64) throws(ScenarioError) -> (RolloutPolicy, BudgetOverride?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError.unreadable(path)
        }
        do throws(ScenarioError) {
            let root = try JSONNode.parse(data, file: path)
            guard var members = root.value as? [String: Any] else { throw root.fail("expected an object") }
            let unavailable = members.removeValue(forKey: "maxUnavailable").map { JSONNode(value: $0, path: "$.maxUnavailable") }
            let surge = members.removeValue(forKey: "maxSurge").map { JSONNode(value: $0, path: "$.maxSurge") }
            let policy = try ScenarioParser.rolloutPolicy(JSONNode(value: members, path: "$"), start: start,
                                                          startName: "the recorded start", alsoAllowed: ["maxUnavailable", "maxSurge"])
            var override: BudgetOverride?
            if unavailable != nil || surge != nil {
                override = BudgetOverride(
                    maxUnavailable: try unavailable.map { node throws(ScenarioError) in try ScenarioParser.rolloutValue(node) },
                    maxSurge: try surge.map { node throws(ScenarioError) in try ScenarioParser.rolloutValue(node) })
                if case .count(0)? = override?.maxUnavailable, case .count(0)? = override?.maxSurge {
                    throw ScenarioError(path: "$.maxUnavailable", problem: "maxUnavailable 0 with maxSurge 0 can never make progress")
                }
            }
            return (policy, override)
        } catch {
            var located = error
            if located.file == nil { located.file = path }
            throw located
        }
    }
}
