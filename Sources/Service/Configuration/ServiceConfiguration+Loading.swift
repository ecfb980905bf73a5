import Engine
import EventStore
import Foundation

extension ServiceConfiguration {
    /// Reads and checks a config file: every problem is one `ConfigurationError` naming the file
    /// and the JSON path of the setting.
    public static func load(path: String) throws(ConfigurationError) -> ServiceConfiguration {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .missingFile(path) }
        guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "is a folder, not a JSON file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot be read (permission denied?)")
        }
        do {
            let configuration = try JSONDecoder().decode(ServiceConfiguration.self, from: data)
            try configuration.validate()
            return configuration
        } catch let problem as ConfigurationFileProblem {
            throw .invalid(file: path, path: problem.path, message: problem.message)
        } catch let error as DecodingError {
            throw .invalid(file: path, path: "", message: DecodingErrorText.describe(error, in: data, root: "the file"))
        } catch {
            throw .invalid(file: path, path: "", message: "does not read as a config: \(error)")
        }
    }

    /// Checks each setting of a decoded file; throws the first problem, named by its JSON path.
    func validate() throws {
        func problem(_ path: String, _ message: String) -> ConfigurationFileProblem { .init(path: path, message: message) }
        guard !host.isEmpty else { throw problem("host", "must not be empty") }
        guard Self.ports.contains(port) else { throw problem("port", "\(port) is not a port (0…65535)") }
        guard bodyLimitBytes > 0 else { throw problem("bodyLimitBytes", "\(bodyLimitBytes) must be above 0") }
        guard tickIntervalMs > 0 else { throw problem("tickIntervalMs", "\(tickIntervalMs) must be above 0") }
        guard longPollMaxMs >= 0 else { throw problem("longPollMaxMs", "\(longPollMaxMs) must be 0 or more") }
        var names: [String: Int] = [:]
        var hashes: [String: Int] = [:]
        for (index, token) in tokens.enumerated() {
            let at = "tokens[\(index)]"
            // The name is the actor of every event the token's requests record: the store keys it.
            if let keyProblem = KeyName.problem(with: token.name) {
                throw problem("\(at).name", "\(keyProblem) (a name is 1 to \(KeyName.maxBytes) bytes, the actor of the events it records)")
            }
            if let first = names.updateValue(index, forKey: token.name) {
                throw problem("\(at).name", "\(token.name) is also the name of tokens[\(first)]")
            }
            guard token.sha256.utf8.count == 64, token.sha256.utf8.allSatisfy(Self.isHexDigit) else {
                throw problem("\(at).sha256", "must be 64 hexadecimal digits, the SHA-256 of the token (printf %s TOKEN | sha256sum)")
            }
            if let first = hashes.updateValue(index, forKey: token.sha256) {
                throw problem("\(at).sha256", "is also the hash of tokens[\(first)]: one token cannot have two names")
            }
            switch (token.role, token.cluster) {
            case (.agent, nil), (.agent, ""?):
                throw problem("\(at).cluster", "an agent token names the one cluster it acts for")
            case (.agent, _), (_, nil):
                break
            case (let role, _?):
                throw problem("\(at).cluster", "only an agent token names a cluster; this one is \(role.rawValue)")
            }
        }
        if let tls {
            guard !tls.certificateFile.isEmpty else { throw problem("tls.certificateFile", "must not be empty") }
            guard !tls.privateKeyFile.isEmpty else { throw problem("tls.privateKeyFile", "must not be empty") }
        }
    }

    /// Applies `ORCHESTRATOR_HOST`, `ORCHESTRATOR_PORT`, `ORCHESTRATOR_BODY_LIMIT_BYTES`,
    /// `ORCHESTRATOR_TICK_INTERVAL_MS`, `ORCHESTRATOR_TLS_CERTIFICATE` with `ORCHESTRATOR_TLS_PRIVATE_KEY`
    /// from `environment`; a value that cannot be used is a `ConfigurationError.environment` naming it.
    public func overridden(by environment: [String: String]) throws(ConfigurationError) -> ServiceConfiguration {
        var copy = self
        if let host = environment["ORCHESTRATOR_HOST"] {
            guard !host.isEmpty else { throw .environment(variable: "ORCHESTRATOR_HOST", message: "is empty; it names the address to bind") }
            copy.host = host
        }
        func int(_ key: String, in range: ClosedRange<Int>, _ expected: String) throws(ConfigurationError) -> Int? {
            guard let text = environment[key] else { return nil }
            guard let value = Int(text), range.contains(value) else { throw .environment(variable: key, message: "\(text) is not \(expected)") }
            return value
        }
        if let port = try int("ORCHESTRATOR_PORT", in: Self.ports, "a port (0…65535)") { copy.port = port }
        if let limit = try int("ORCHESTRATOR_BODY_LIMIT_BYTES", in: 1...Int.max, "a number of bytes above 0") { copy.bodyLimitBytes = limit }
        if let tick = try int("ORCHESTRATOR_TICK_INTERVAL_MS", in: 1...Int.max, "a number of milliseconds above 0") { copy.tickIntervalMs = tick }
        switch (environment["ORCHESTRATOR_TLS_CERTIFICATE"], environment["ORCHESTRATOR_TLS_PRIVATE_KEY"]) {
        case (let certificate?, let key?):
            guard !certificate.isEmpty, !key.isEmpty else {
                throw .environment(variable: certificate.isEmpty ? "ORCHESTRATOR_TLS_CERTIFICATE" : "ORCHESTRATOR_TLS_PRIVATE_KEY", message: "is empty")
            }
            copy.tls = TLSSettings(certificateFile: certificate, privateKeyFile: key)
        case (_?, nil):
            throw .environment(variable: "ORCHESTRATOR_TLS_CERTIFICATE", message: "is set without ORCHESTRATOR_TLS_PRIVATE_KEY; set both or neither")
        case (nil, _?):
            throw .environment(variable: "ORCHESTRATOR_TLS_PRIVATE_KEY", message: "is set without ORCHESTRATOR_TLS_CERTIFICATE; set both or neither")
        case (nil, nil):
            break
        }
        return copy
    }

    /// The ports a setting may name (0 picks a free one).
    public static let ports = 0...65535

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}
