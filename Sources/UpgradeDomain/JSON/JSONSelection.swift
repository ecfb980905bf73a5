/// Which parts of a JSON document a reader looks at, so that a parser can leave the rest out.
///
/// `SelectiveJSONParser` keeps a value the selection names and checks every other one only as
/// JSON (it is refused if it is not, as if it had been kept), so a reader that looks only where
/// its selection points sees exactly what it would have seen in the whole document.
indirect enum JSONSelection: Sendable {
    /// The whole value, everything inside it included.
    case whole
    /// When the value is an object, only these members, each as its own selection says; any other
    /// value is kept whole (a reader that expected an object says what it got instead).
    case members([String: JSONSelection])

    /// The selection for the member `key` of an object, nil when it is left out.
    func member(_ key: String) -> JSONSelection? {
        switch self {
        case .whole: .whole
        case .members(let members): members[key]
        }
    }
}
