import Engine
/// A setting of the config file that is wrong, named by its JSON path (`tokens[0].cluster`).
/// Thrown by the settings' decoders and by `ServiceConfiguration.validate()`.
struct ConfigurationFileProblem: Error {
    let path: String
    let message: String

    /// Throws for the first key (in sorted order) of the object `decoder` reads that is not in
    /// `known`: a typo in a config must not be silently ignored.
    static func refuseUnknownKeys(_ decoder: any Decoder, known: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw ConfigurationFileProblem(path: DecodingErrorText.path(decoder.codingPath + [AnyKey(stringValue: first) as any CodingKey], root: ""),
                                           message: "is not a setting (known here: \(known.joined(separator: ", ")))")
        }
    }

    /// Any string key.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
