import Testing
import UpgradeDomain

/// Builders for test values: a tree holding one leaf at a path, and YAML parsing that fails the test.
enum Fixtures {
    /// Values with `leaf` at `path`; list positions before an index are filled with `"filler"`.
    static func values(at path: String, _ leaf: String) -> PackValues {
        PackValues(root: tree(ValuePath(parsing: path).segments[...], leaf))
    }

    static func yaml(_ text: String) throws -> PackValues {
        try PackValues(yaml: text)
    }

    /// Classifies a single modified leaf at `path`.
    static func classifyModified(
        _ path: String, layer: Layer, distribution: KubernetesDistribution? = nil
    ) -> Classification {
        ChangeClassifier.classify(
            layer: layer, distribution: distribution,
            old: values(at: path, "old"), new: values(at: path, "new"))
    }

    private static func tree(_ segments: ArraySlice<ValuePath.Segment>, _ leaf: String) -> PackValue {
        guard let first = segments.first else { return .scalar(.string(leaf)) }
        let child = tree(segments.dropFirst(), leaf)
        switch first {
        case .key(let key):
            return .map([key: child])
        case .index(let index):
            return .list(Array(repeating: .scalar(.string("filler")), count: index) + [child])
        }
    }
}
