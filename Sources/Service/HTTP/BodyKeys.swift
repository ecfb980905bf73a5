import Foundation

/// The keys a request body may hold, object by object (ADR 0021). A key no object of the body
/// takes is a 400 naming its JSON path (`pools[1].maxSurg`), never passed over: a misspelt
/// `upgrade` on an approval, or `forceSkipMinor` on an assignment, would otherwise change what the
/// request does without a word.
indirect enum BodyKeys: Sendable {
    /// Any value: free-form content (pack values by pack name) or a scalar.
    case anything
    /// An object taking these keys, each with what its value may hold, in the order the error lists them.
    case object([(String, BodyKeys)])
    /// An array whose items each hold what `BodyKeys` says.
    case array(BodyKeys)

    /// Throws a 400 for the first key, in document order of the objects and sorted order within
    /// one, that `value` (as `JSONSerialization` reads it) holds and these keys do not name. A
    /// value of another shape than expected is left to the decoder, which names it.
    func check(_ value: Any, at path: String = "") throws {
        switch self {
        case .anything:
            return
        case .array(let items):
            guard let array = value as? [Any] else { return }
            for (index, item) in array.enumerated() { try items.check(item, at: "\(path)[\(index)]") }
        case .object(let known):
            guard let object = value as? [String: Any] else { return }
            let names = known.map(\.0)
            if let unknown = object.keys.filter({ !names.contains($0) }).sorted().first {
                let at = path.isEmpty ? unknown : "\(path).\(unknown)"
                throw APIError(.badRequest, code: "invalid_body",
                               "\(at) is not a key of this body (known here: \(names.joined(separator: ", ")))")
            }
            for (name, keys) in known {
                guard let member = object[name] else { continue }
                try keys.check(member, at: path.isEmpty ? name : "\(path).\(name)")
            }
        }
    }
}

/// A request body whose keys are checked before it is decoded (`RequestBody.decode`).
protocol KeyedBody {
    static var bodyKeys: BodyKeys { get }
}
