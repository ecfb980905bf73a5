/// Gathers the entries of one YAML map by the pieces of their keys, then writes them out as one map.
///
/// A dotted key and its nested form land on the same pieces, so `system.uri` next to
/// `system: {registry: …}` is one map `system`. Where a piece holds a scalar or a list and dotted keys
/// go on below it (the stage `boot` and the stage `boot.after`, the label `app` and the label
/// `app.kubernetes.io/name`), both are kept: the value under its own key, the rest under their dotted
/// keys. Only one path given two values is an error. The map written out does not depend on the order
/// of the entries, so equal values in any form compare equal.
struct PackMapBuilder {
    /// One piece of a key: the value written at it, and the pieces below it.
    private struct Piece {
        /// A scalar, a list or an empty map written at this piece; nil when only pieces below are.
        var value: PackValue?
        /// The pieces below, keyed by piece.
        var children: [String: Piece] = [:]
        /// A whole map read in one go (already built), kept as it is until something else lands
        /// below this piece; then it is spread into `children`.
        var whole: [String: PackValue]?
        /// The line of the first key that wrote here.
        var line: Int?

        /// Holds no scalar or list, so the pieces below are a plain map.
        var isMap: Bool { value == nil || value == .map([:]) }
    }

    private let base: ValuePath
    private var root = Piece()

    /// A builder for the map at `base`.
    init(at base: ValuePath) {
        self.base = base
    }

    /// Adds `value`, written under `key` on `line`.
    mutating func insert(_ value: PackValue, writtenKey key: String, line: Int?) throws(PackValuesError) {
        try Self.insert(value, at: ValuePath.pieces(ofKey: key)[...], into: &root, path: base, line: line)
    }

    /// Adds what `source` has and this map does not set (a YAML merge key). A value this map writes is
    /// never replaced, nor is a map it writes reached into by a merged scalar; dotted keys the map does
    /// not write are added.
    mutating func fillMissing(from source: [String: PackValue]) throws(PackValuesError) {
        var incoming = Piece()
        try Self.place(.map(source), in: &incoming, path: base, line: nil)
        try Self.fill(&root, from: incoming, path: base)
    }

    /// The map, each path once.
    func build() throws(PackValuesError) -> [String: PackValue] {
        try Self.map(of: root, path: base)
    }

    private static func insert(
        _ value: PackValue, at pieces: ArraySlice<String>, into piece: inout Piece, path: ValuePath, line: Int?
    ) throws(PackValuesError) {
        guard let first = pieces.first else {
            return try place(value, in: &piece, path: path, line: line)
        }
        try spread(&piece, path: path)
        try insert(value, at: pieces.dropFirst(), into: &piece.children[first, default: Piece()],
                   path: path.appending(key: first), line: line)
    }

    /// Writes `value` at `piece`: a map goes below it, anything else is its value, given once.
    private static func place(_ value: PackValue, in piece: inout Piece, path: ValuePath, line: Int?) throws(PackValuesError) {
        if case .map(let entries) = value, !entries.isEmpty {
            if piece.value == nil, piece.children.isEmpty, piece.whole == nil {
                piece.whole = entries
                piece.line = piece.line ?? line
                return
            }
            try spread(&piece, path: path)
            for key in entries.keys.sorted() {
                guard let entry = entries[key] else { continue }
                try insert(entry, at: ValuePath.pieces(ofKey: key)[...], into: &piece, path: path, line: line)
            }
            return
        }
        switch piece.value {
        case nil:
            piece.value = value
            piece.line = piece.line ?? line
        case let existing? where existing == .map([:]) && value == .map([:]):
            return
        case _?:
            throw .conflictingPath(path, line: line)
        }
    }

    /// Moves a whole map kept at `piece` into its children, so more can be added below.
    private static func spread(_ piece: inout Piece, path: ValuePath) throws(PackValuesError) {
        guard let whole = piece.whole else { return }
        piece.whole = nil
        for key in whole.keys.sorted() {
            guard let entry = whole[key] else { continue }
            try insert(entry, at: ValuePath.pieces(ofKey: key)[...], into: &piece, path: path, line: piece.line)
        }
    }

    private static func fill(_ piece: inout Piece, from source: Piece, path: ValuePath) throws(PackValuesError) {
        var source = source
        try spread(&source, path: path)
        try spread(&piece, path: path)
        for key in source.children.keys.sorted() {
            guard let incoming = source.children[key] else { continue }
            guard var mine = piece.children[key] else {
                piece.children[key] = incoming
                continue
            }
            // A scalar or list written here is one key: a merged map under the same key stays out.
            guard mine.isMap || !incoming.isMap else { continue }
            try fill(&mine, from: incoming, path: path.appending(key: key))
            piece.children[key] = mine
        }
    }

    private static func map(of piece: Piece, path: ValuePath) throws(PackValuesError) -> [String: PackValue] {
        if piece.children.isEmpty, let whole = piece.whole { return whole }
        var piece = piece
        try spread(&piece, path: path)
        var map: [String: PackValue] = [:]
        for key in piece.children.keys.sorted() {
            guard let child = piece.children[key] else { continue }
            try write(child, as: key, into: &map, path: path)
        }
        return map
    }

    /// Writes `piece` under `key` in `map`: a plain map as one nested map; a scalar or a list under
    /// `key`, with the pieces below it beside it as `key.piece`.
    private static func write(
        _ piece: Piece, as key: String, into map: inout [String: PackValue], path: ValuePath
    ) throws(PackValuesError) {
        let piecePath = path.appending(writtenKey: key)
        // Only keys with an empty piece (`a..b`) can meet here: they are not split, so the same text
        // can come from two ways of writing.
        guard map[key] == nil else { throw .conflictingPath(piecePath, line: piece.line) }
        guard let value = piece.value, !piece.isMap else {
            map[key] = .map(try Self.map(of: piece, path: piecePath))
            return
        }
        map[key] = value
        var piece = piece
        try spread(&piece, path: piecePath)
        for child in piece.children.keys.sorted() {
            guard let below = piece.children[child] else { continue }
            try write(below, as: "\(key).\(child)", into: &map, path: path)
        }
    }
}
