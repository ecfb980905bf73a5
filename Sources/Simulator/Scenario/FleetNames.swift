import Foundation

/// The names a scenario's fleet makes: its classes, and its clusters, numbered within their class
/// (`store-00001` …). What a selector may name.
struct FleetNames {
    private let counts: [String: Int]

    init(_ fleet: [ClusterClass]) {
        counts = Dictionary(fleet.map { ($0.name, $0.count) }, uniquingKeysWith: { first, _ in first })
    }

    /// The id of a class's `number`th cluster (from 1).
    static func clusterID(class name: String, number: Int) -> String {
        String(format: "%@-%05d", name, number)
    }

    func contains(class name: String) -> Bool { counts[name] != nil }

    /// Whether `id` is one of the fleet's clusters, at the scenario's own counts.
    func contains(cluster id: String) -> Bool { className(ofCluster: id) != nil }

    /// The class whose cluster `id` is, at the scenario's own counts; nil when the fleet makes no such cluster.
    func className(ofCluster id: String) -> String? {
        guard let dash = id.lastIndex(of: "-") else { return nil }
        let name = String(id[..<dash]), digits = id[id.index(after: dash)...]
        guard let count = counts[name], let number = Int(digits), (1...count).contains(number) else { return nil }
        return Self.clusterID(class: name, number: number) == id ? name : nil
    }
}
