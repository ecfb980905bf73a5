/// A cluster template of the scenario: its name, the Kubernetes version it installs, and the
/// templates a deployment on it may move to (nil: it declares no upgrade path).
public struct ScenarioTemplate: Sendable {
    public var name: String
    public var kubernetesVersion: String
    public var upgrades: [String]?

    public init(name: String, kubernetesVersion: String, upgrades: [String]? = nil) {
        self.name = name
        self.kubernetesVersion = kubernetesVersion
        self.upgrades = upgrades
    }
}
