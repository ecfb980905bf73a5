/// A position in a parsed JSON tree that knows its own path, so every error names it.
struct CAPIJSONCursor {
    let value: TemplateValue
    let path: String

    /// The member `key`, or `nil` when absent or null; throws when this is not an object.
    func optional(_ key: String) throws(CAPIWatchParseError) -> CAPIJSONCursor? {
        guard case .object(let members) = value else {
            throw CAPIWatchParseError(path: path, problem: .wrongType(expected: "object", actual: value.typeName))
        }
        guard let member = members[key], member != .null else { return nil }
        return CAPIJSONCursor(value: member, path: path == "$" ? key : "\(path).\(key)")
    }

    /// The member `key`; throws `missing` when absent.
    func required(_ key: String) throws(CAPIWatchParseError) -> CAPIJSONCursor {
        guard let member = try optional(key) else {
            throw CAPIWatchParseError(path: path == "$" ? key : "\(path).\(key)", problem: .missing)
        }
        return member
    }

    func string() throws(CAPIWatchParseError) -> String {
        guard case .string(let text) = value else { throw wrongType("string") }
        return text
    }

    func int() throws(CAPIWatchParseError) -> Int {
        guard case .integer(let number) = value, let result = Int(exactly: number) else {
            throw wrongType("integer")
        }
        return result
    }

    /// A replica count: an integer from 0 to ``CAPIReplicaCounts/maximum`` (Cluster API's `int32`).
    func replicaCount() throws(CAPIWatchParseError) -> Int {
        guard case .integer(let number) = value else { throw wrongType("integer") }
        let range = Int64(0)...Int64(CAPIReplicaCounts.maximum)
        guard range.contains(number) else {
            throw CAPIWatchParseError(path: path, problem: .outOfRange(number, expected: range))
        }
        return Int(number)
    }

    func optionalReplicaCount(_ key: String) throws(CAPIWatchParseError) -> Int? {
        try optional(key)?.replicaCount()
    }

    func elements() throws(CAPIWatchParseError) -> [CAPIJSONCursor] {
        guard case .array(let items) = value else { throw wrongType("array") }
        return items.enumerated().map { CAPIJSONCursor(value: $0.element, path: "\(path)[\($0.offset)]") }
    }

    func members() throws(CAPIWatchParseError) -> [String: TemplateValue] {
        guard case .object(let items) = value else { throw wrongType("object") }
        return items
    }

    func requiredString(_ key: String) throws(CAPIWatchParseError) -> String {
        try required(key).string()
    }

    func optionalString(_ key: String) throws(CAPIWatchParseError) -> String? {
        try optional(key)?.string()
    }

    func optionalInt(_ key: String) throws(CAPIWatchParseError) -> Int? {
        try optional(key)?.int()
    }

    /// Follows `keys` through nested objects; `nil` as soon as one is absent.
    func optional(path keys: [String]) throws(CAPIWatchParseError) -> CAPIJSONCursor? {
        var cursor = self
        for key in keys {
            guard let next = try cursor.optional(key) else { return nil }
            cursor = next
        }
        return cursor
    }

    func wrongType(_ expected: String) -> CAPIWatchParseError {
        CAPIWatchParseError(path: path, problem: .wrongType(expected: expected, actual: value.typeName))
    }
}
