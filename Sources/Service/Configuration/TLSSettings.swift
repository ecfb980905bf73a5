/// Serve HTTPS with this certificate chain and key (PEM files); absent, the service speaks plain HTTP.
public struct TLSSettings: Sendable, Codable, Hashable {
    public var certificateFile: String
    public var privateKeyFile: String

    public init(certificateFile: String, privateKeyFile: String) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case certificateFile, privateKeyFile
    }

    /// An unknown key is refused, named by its JSON path.
    public init(from decoder: any Decoder) throws {
        try ConfigurationFileProblem.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(certificateFile: try container.decode(String.self, forKey: .certificateFile),
                  privateKeyFile: try container.decode(String.self, forKey: .privateKeyFile))
    }
}
