/// A path pattern from the behaviour tables: `options.system.uri`, `stages.boot.*`, or `*`.
///
/// A pattern matches its own path and everything below it; the trailing `.*` is written for the
/// reader (as in the seed tables) and means the same. `*` alone matches every path. Paths are
/// compared piece by piece, so `stages.boot.*` matches the dotted stage `stages.boot.after[0]` but not
/// `stages.bootx`.
struct PathPattern: Hashable, Sendable, CustomStringConvertible {
    let prefix: ValuePath
    let description: String

    init(_ text: String) {
        description = text
        let trimmed = text == "*" ? "" : (text.hasSuffix(".*") ? String(text.dropLast(2)) : text)
        prefix = ValuePath(parsing: trimmed)
    }

    func matches(_ path: ValuePath) -> Bool {
        path.hasPrefix(prefix)
    }
}
