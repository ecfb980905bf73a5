/// How deeply template variables nest, and how deep they may.
extension TemplateValue {
    /// The deepest variables a deployment may set: an object holding scalars is 1 level, each
    /// array or object inside adds one.
    ///
    /// The store reads events back with Foundation's `JSONDecoder`, which refuses text nested
    /// deeper than ``storedDecoderDepthLimit``, and a stored event wraps the variables in a few
    /// more levels (the event's payload, e.g. `{"start":{"toVariables":…}}`, and an exported
    /// line around it). Accepting only this many levels keeps every accepted event readable, with
    /// a wide margin; real chart values nest well under twenty.
    public static let maximumNestingDepth = 64

    /// The nesting `JSONDecoder` reads at most, which every stored event must stay within.
    public static let storedDecoderDepthLimit = 512

    /// Levels of nesting: 0 for a scalar, 1 for an array or object of scalars (or an empty one),
    /// and one more for each array or object inside.
    public var nestingDepth: Int {
        switch self {
        case .null, .bool, .integer, .number, .string: 0
        case .array(let items): 1 + (items.map(\.nestingDepth).max() ?? 0)
        case .object(let members): 1 + (members.values.map(\.nestingDepth).max() ?? 0)
        }
    }
}
