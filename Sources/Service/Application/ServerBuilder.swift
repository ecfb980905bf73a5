import Hummingbird
import HummingbirdCore
import HummingbirdTLS

/// Plain HTTP/1.1, or HTTP/1.1 over TLS when the configuration names a certificate and key.
enum ServerBuilder {
    static func make(_ tls: TLSSettings?) throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(tls.certificateFile)
        } catch {
            throw ConfigurationError.tls(detail: "certificateFile \(tls.certificateFile) does not load as a PEM certificate chain")
        }
        do {
            key = try NIOSSLPrivateKey(file: tls.privateKeyFile, format: .pem)
        } catch {
            throw ConfigurationError.tls(detail: "privateKeyFile \(tls.privateKeyFile) does not load as a PEM private key")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            return try .tls(.http1(), tlsConfiguration: configuration)
        } catch {
            throw ConfigurationError.tls(detail: "the certificate and private key do not make a TLS configuration")
        }
    }
}

extension ServiceConfiguration {
    /// Loads the TLS certificate and key, if configured, so a bad one stops `run` before the store opens.
    public func checkTLS() throws {
        _ = try ServerBuilder.make(tls)
    }
}
