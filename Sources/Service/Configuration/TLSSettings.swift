/// Serve HTTPS with this certificate chain and key (PEM files); absent, the service speaks plain HTTP.
public struct TLSSettings: Sendable, Codable, Hashable {
    public var certificateFile: String
    public var privateKeyFile: String

    public init(certificateFile: String, privateKeyFile: String) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }
}
