import Foundation
import Testing

/// TLS from the config file: the service answers HTTPS with the configured certificate.
@Suite("orchestrator run with TLS")
struct TLSTests {
    /// Runs a tool to completion; returns its exit status and stdout.
    static func tool(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theServiceAnswersHTTPSWithTheConfiguredCertificate() throws {
        let folder = ScratchFolder("service-tls")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let certificate = folder.child("cert.pem"), key = folder.child("key.pem")
        let (made, _) = try Self.tool(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                       "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made == 0, "openssl could not make a certificate")
        let service = try ServiceProcess(store: folder.child("store"), config: folder.child("config.json"),
                                         extraConfig: #""tls":{"certificateFile":"\#(certificate)","privateKeyFile":"\#(key)"},"#)
        let (secure, body) = try Self.tool(["curl", "-sS", "--cacert", certificate, "https://127.0.0.1:\(service.port)/healthz"])
        #expect(secure == 0)
        #expect(body == #"{"status":"ok"}"#)
        let (plain, _) = try Self.tool(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(service.port)/healthz"])
        #expect(plain != 0)
        #expect(service.terminate() == 0)
    }
}
