import Yams

/// A pack's values as a user pastes them into a cluster profile, read into a value tree.
///
/// A key containing dots stands for its pieces, so `options: {system.uri: x}` and
/// `options: {system: {uri: x}}` are the same values; a dotted key below a scalar or a list of its
/// prefix (`stages: {boot: [...], boot.after: [...]}`) is kept beside it as its own path. Only one
/// path given two values is refused. Empty text (or only comments) is empty values.
public struct PackValues: Hashable, Sendable {
    /// The root map.
    public let root: PackValue

    /// No values at all.
    public static let empty = PackValues(root: .map([:]))

    /// Values from an already built tree; the root must be a map.
    public init(root: PackValue) {
        self.root = root
    }

    /// Reads pack values from YAML text.
    public init(yaml: String) throws(PackValuesError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            throw PackValuesError(yamlError: error)
        } catch {
            throw .invalidYAML(problem: "\(error)", line: nil)
        }
        guard let node else {
            self = .empty
            return
        }
        let value = try PackValuesReader.value(of: node, at: .root)
        switch value {
        case .map:
            root = value
        case .scalar(let scalar) where scalar.kind == .null:
            root = .map([:])
        case .scalar, .list:
            throw .rootNotMap(line: node.mark?.line)
        }
    }

    /// Every leaf (scalar, empty map, empty list) by path.
    public var leaves: [ValuePath: PackValue] {
        root.leaves()
    }

    /// The node at `path`, if any.
    public func value(at path: ValuePath) -> PackValue? {
        root.value(at: path)
    }
}
