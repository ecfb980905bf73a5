import Yams

/// Turns a composed Yams node into a `PackValue` tree.
///
/// A map key with dots stands for its pieces (`system.uri` is `system` → `uri`) and meets the nested
/// maps written under the same pieces; a dotted key below a scalar or a list of its prefix is kept
/// beside it (see `PackMapBuilder`). One path given two values is an error, never a silent overwrite.
/// YAML merge keys (`<<: *anchor`) fill in only what the map does not set itself.
enum PackValuesReader {
    /// The most values one document may expand to. An alias repeats what its anchor names, so a
    /// few hundred bytes of nested aliases can stand for billions of values; real pack values
    /// hold thousands.
    static let maxValues = 100_000

    static func value(of node: Node, at path: ValuePath) throws(PackValuesError) -> PackValue {
        var budget = maxValues
        return try value(of: node, at: path, budget: &budget)
    }

    private static func value(of node: Node, at path: ValuePath, budget: inout Int) throws(PackValuesError) -> PackValue {
        budget -= 1
        if budget < 0 { throw .tooManyValues(limit: maxValues, line: node.mark?.line) }
        switch node {
        case .scalar(let scalar):
            return .scalar(PackScalar(kind: kind(of: Tag.Name(rawValue: node.tag.description)), text: scalar.string))
        case .sequence(let sequence):
            var items: [PackValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try value(of: item, at: path.appending(.index(index)), budget: &budget))
            }
            return .list(items)
        case .mapping(let mapping):
            return try map(of: mapping, at: path, budget: &budget)
        case .alias:
            // Yams dereferences aliases while composing; an alias node here has no target.
            return .scalar(PackScalar(kind: .null, text: ""))
        }
    }

    private static func map(of mapping: Node.Mapping, at path: ValuePath, budget: inout Int) throws(PackValuesError) -> PackValue {
        var builder = PackMapBuilder(at: path)
        var merged: [PackValue] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else { throw .unsupportedKey(line: keyNode.mark?.line) }
            if key.string == "<<", Tag.Name(rawValue: keyNode.tag.description) == .merge {
                merged += try mergeSources(valueNode, at: path, budget: &budget)
                continue
            }
            let child = try value(of: valueNode, at: path.appending(writtenKey: key.string), budget: &budget)
            try builder.insert(child, writtenKey: key.string, line: keyNode.mark?.line)
        }
        for source in merged {
            if case .map(let sourceChildren) = source {
                try builder.fillMissing(from: sourceChildren)
            }
        }
        return .map(try builder.build())
    }

    private static func mergeSources(_ node: Node, at path: ValuePath, budget: inout Int) throws(PackValuesError) -> [PackValue] {
        if case .sequence(let sequence) = node {
            var sources: [PackValue] = []
            for item in sequence { sources.append(try value(of: item, at: path, budget: &budget)) }
            return sources
        }
        return [try value(of: node, at: path, budget: &budget)]
    }

    private static func kind(of tag: Tag.Name) -> PackScalar.Kind {
        switch tag {
        case .bool: .bool
        case .int: .int
        case .float: .float
        case .null: .null
        default: .string
        }
    }
}
