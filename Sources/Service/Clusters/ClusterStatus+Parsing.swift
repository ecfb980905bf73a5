import UpgradeDomain

extension ClusterStatus {
    /// The status a request names at `field`: `provisioning`, `running` or `deleting`, else a 400
    /// naming the field and the values it takes.
    init(parsing text: String, field: String) throws {
        guard let status = ClusterStatus(rawValue: text) else {
            let values = ClusterStatus.allCases.map(\.rawValue)
            throw APIError.badRequest("\(field) \(text) is not \(values.dropLast().joined(separator: ", ")) or \(values.last ?? "")")
        }
        self = status
    }
}
