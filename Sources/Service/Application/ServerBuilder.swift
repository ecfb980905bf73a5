import Hummingbird
import HummingbirdCore
import HummingbirdTLS

/// Plain HTTP/1.1, or HTTP/1.1 over TLS when the configuration names a certificate and key.
enum ServerBuilder {
    static func make(_ tls: TLSSettings?) throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateFile)
            let key = try NIOSSLPrivateKey(file: tls.privateKeyFile, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            return try .tls(.http1(), tlsConfiguration: configuration)
        } catch {
            throw ConfigurationError.invalid(path: "tls (\(tls.certificateFile), \(tls.privateKeyFile))", detail: "\(error)")
        }
    }
}

extension ServiceConfiguration {
    /// Loads the TLS certificate and key, if configured, so a bad one stops `run` before the store opens.
    public func checkTLS() throws {
        _ = try ServerBuilder.make(tls)
    }
}
