/// A node of a pack's value tree: a scalar, a map or a list.
///
/// Maps are unordered here; everything that reaches output is sorted by `ValuePath`.
public indirect enum PackValue: Hashable, Sendable {
    case scalar(PackScalar)
    case map([String: PackValue])
    case list([PackValue])

    /// The leaves below this node, keyed by path: scalars, plus empty maps and lists
    /// (an empty container is a value a user can add or remove). An empty root has no leaves.
    func leaves(at path: ValuePath = .root) -> [ValuePath: PackValue] {
        switch self {
        case .scalar:
            return [path: self]
        case .map(let children):
            if children.isEmpty { return path == .root ? [:] : [path: self] }
            var result: [ValuePath: PackValue] = [:]
            for (key, child) in children {
                result.merge(child.leaves(at: path.appending(key: key))) { first, _ in first }
            }
            return result
        case .list(let items):
            if items.isEmpty { return [path: self] }
            var result: [ValuePath: PackValue] = [:]
            for (index, item) in items.enumerated() {
                result.merge(item.leaves(at: path.appending(.index(index)))) { first, _ in first }
            }
            return result
        }
    }

    /// The node at `path`, if there is one.
    func value(at path: ValuePath) -> PackValue? {
        var node = self
        for segment in path.segments {
            switch (segment, node) {
            case let (.key(key), .map(children)):
                guard let child = children[key] else { return nil }
                node = child
            case let (.index(index), .list(items)):
                guard items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }

    /// The text of a string scalar, otherwise nil.
    var stringText: String? {
        if case .scalar(let scalar) = self, scalar.kind == .string { return scalar.text }
        return nil
    }
}
