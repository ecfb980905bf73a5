/// Inserts values into a map by key segments, merging maps written in dotted and nested form.
enum PackValueMerger {
    /// Puts `value` at `segments` below `map`; two maps at one path merge, anything else that
    /// lands on an existing path is a `conflictingPath` error.
    static func insert(
        _ value: PackValue, at segments: [String], into map: inout [String: PackValue],
        base: ValuePath, line: Int?
    ) throws(PackValuesError) {
        guard let key = segments.first else { return }
        let path = base.appending(key: key)
        let rest = Array(segments.dropFirst())
        if rest.isEmpty {
            guard let existing = map[key] else {
                map[key] = value
                return
            }
            map[key] = try merge(existing, value, at: path, line: line)
            return
        }
        var inner: [String: PackValue]
        switch map[key] {
        case nil: inner = [:]
        case .map(let children)?: inner = children
        case .scalar?, .list?: throw .conflictingPath(path, line: line)
        }
        try insert(value, at: rest, into: &inner, base: path, line: line)
        map[key] = .map(inner)
    }

    /// Adds entries of `source` that `map` does not have (YAML merge-key semantics, applied per leaf).
    static func fillMissing(_ map: inout [String: PackValue], from source: [String: PackValue]) {
        for key in source.keys.sorted() {
            switch (map[key], source[key]) {
            case (nil, let incoming?):
                map[key] = incoming
            case (.map(var mine)?, .map(let theirs)?):
                fillMissing(&mine, from: theirs)
                map[key] = .map(mine)
            default:
                continue
            }
        }
    }

    private static func merge(
        _ existing: PackValue, _ incoming: PackValue, at path: ValuePath, line: Int?
    ) throws(PackValuesError) -> PackValue {
        guard case .map(var mine) = existing, case .map(let theirs) = incoming else {
            throw .conflictingPath(path, line: line)
        }
        for key in theirs.keys.sorted() {
            guard let value = theirs[key] else { continue }
            try insert(value, at: [key], into: &mine, base: path, line: line)
        }
        return .map(mine)
    }
}
