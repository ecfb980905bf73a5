import Engine
import UpgradeDomain

extension ProfileDocument {
    /// The domain's profile version of a document being published: its name and version must
    /// address it in a path (`/v1/profiles/{name}/versions/{version}`).
    func publishableVersion() throws -> ProfileVersion {
        try PathSegment.check(name, field: "name", maxBytes: PathSegment.profileNameMaxBytes)
        try PathSegment.check(version, field: "version")
        return try assessableVersion()
    }

    /// The domain's profile version of a document being published or edited, which every later
    /// assessment must be able to read: each add-on named once (overrides and the assessment find
    /// an add-on by its name) and the Kubernetes pack's version a Kubernetes version (the
    /// guardrails compare it on every change). Versions stored before these checks still load
    /// through `profileVersion()`.
    func assessableVersion() throws -> ProfileVersion {
        let version = try profileVersion()
        for (index, pack) in version.packs.enumerated() where pack.layer == .addon {
            if let first = pack.repeats(in: Array(version.packs[..<index])) {
                throw APIError.badRequest("packs[\(index)].name: add-on \(pack.name) is also packs[\(first)]; a profile holds each add-on once")
            }
        }
        if let index = packs.firstIndex(where: { $0.layer == Layer.kubernetes.rawValue }) {
            do {
                _ = try K8sVersion(parsing: packs[index].version)
            } catch {
                throw APIError.badRequest("packs[\(index)].version: \(error)")
            }
        }
        return version
    }

    /// The domain's profile version; a bad layer, distribution or YAML is a 400 naming it.
    func profileVersion() throws -> ProfileVersion {
        guard !name.isEmpty, !version.isEmpty else { throw APIError.badRequest("name and version must not be empty") }
        guard let distribution = KubernetesDistribution(rawValue: distribution) else {
            throw APIError.badRequest("distribution \(distribution) is not one of \(KubernetesDistribution.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var packs: [ProfilePack] = []
        for (index, pack) in self.packs.enumerated() {
            guard let layer = Layer(rawValue: pack.layer) else {
                throw APIError.badRequest("packs[\(index)].layer \(pack.layer) is not one of \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let values: PackValues
            do {
                values = try pack.values.map { try PackValues(yaml: $0) } ?? .empty
            } catch {
                throw APIError(.badRequest, code: "invalid_values", "packs[\(index)].values (\(pack.name)): \(error)")
            }
            let added = ProfilePack(layer: layer, name: pack.name, version: pack.version, values: values)
            // An add-on named twice is `assessableVersion`'s to refuse: versions stored before it did still load.
            if layer != .addon, added.repeats(in: packs) != nil {
                throw APIError.badRequest("packs[\(index)]: a profile has at most one \(layer.rawValue) pack")
            }
            packs.append(added)
        }
        return ProfileVersion(reference: reference, distribution: distribution, packs: packs)
    }
}

extension ProfileDocument: KeyedBody {
    static let bodyKeys = BodyKeys.object([
        ("name", .anything), ("version", .anything), ("distribution", .anything),
        ("packs", .array(.object([("layer", .anything), ("name", .anything), ("version", .anything), ("values", .anything)]))),
    ])
}
