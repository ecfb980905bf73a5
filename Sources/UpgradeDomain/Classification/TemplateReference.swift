/// A Palette template reference inside a value, such as
/// `{{ .spectro.pack.edge-native-byoi.options.system.registry }}` or `{{.spectro.system.kubernetes.version}}`.
enum TemplateReference: Hashable, Sendable {
    /// A value of a pack: `.spectro.pack.<pack>.<path>`.
    case packValue(pack: String, path: ValuePath)
    /// The cluster's Kubernetes version: `.spectro.system.kubernetes.version`.
    case kubernetesVersion

    private static let packPrefix = ".spectro.pack."
    private static let kubernetesVersionName = ".spectro.system.kubernetes.version"

    /// Every reference in `text`, in order of appearance. Spaces inside `{{ }}` and the trim
    /// markers `{{-`/`-}}` are allowed; pipelines (`| default …`) are read token by token.
    static func all(in text: String) -> [TemplateReference] {
        var references: [TemplateReference] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let action = rest[open.upperBound..<close.lowerBound]
            references += action.split(whereSeparator: { " \t\n|()".contains($0) }).compactMap { reference(in: $0) }
            rest = rest[close.upperBound...]
        }
        return references
    }

    private static func reference(in token: Substring) -> TemplateReference? {
        if token == kubernetesVersionName { return .kubernetesVersion }
        guard token.hasPrefix(packPrefix) else { return nil }
        let rest = token.dropFirst(packPrefix.count)
        guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex else { return nil }
        let path = ValuePath(parsing: String(rest[rest.index(after: dot)...]))
        guard !path.segments.isEmpty else { return nil }
        return .packValue(pack: String(rest[..<dot]), path: path)
    }
}
