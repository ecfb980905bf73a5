import Engine
import Foundation

/// Everything `orchestrator run` is configured with: a JSON file, then environment, then flags.
public struct ServiceConfiguration: Sendable, Codable, Hashable {
    public var host: String
    public var port: Int
    /// Request bodies larger than this are refused with 413.
    public var bodyLimitBytes: Int
    /// How often the deadline ticker looks for overdue steps.
    public var tickIntervalMs: Int
    /// The longest an agent's long poll may wait.
    public var longPollMaxMs: Int
    public var tokens: [TokenRecord]
    /// HTTPS when set.
    public var tls: TLSSettings?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, bodyLimitBytes: Int = 1 << 20,
        tickIntervalMs: Int = 1000, longPollMaxMs: Int = 30_000, tokens: [TokenRecord] = [], tls: TLSSettings? = nil
    ) {
        self.host = host
        self.port = port
        self.bodyLimitBytes = bodyLimitBytes
        self.tickIntervalMs = tickIntervalMs
        self.longPollMaxMs = longPollMaxMs
        self.tokens = tokens
        self.tls = tls
    }

    private enum CodingKeys: String, CodingKey {
        case host, port, bodyLimitBytes, tickIntervalMs, longPollMaxMs, tokens, tls
    }

    /// Missing keys take their defaults, so a file may hold only `tokens`.
    public init(from decoder: any Decoder) throws {
        let defaults = ServiceConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        bodyLimitBytes = try container.decodeIfPresent(Int.self, forKey: .bodyLimitBytes) ?? defaults.bodyLimitBytes
        tickIntervalMs = try container.decodeIfPresent(Int.self, forKey: .tickIntervalMs) ?? defaults.tickIntervalMs
        longPollMaxMs = try container.decodeIfPresent(Int.self, forKey: .longPollMaxMs) ?? defaults.longPollMaxMs
        tokens = try container.decodeIfPresent([TokenRecord].self, forKey: .tokens) ?? []
        tls = try container.decodeIfPresent(TLSSettings.self, forKey: .tls)
    }

    /// Reads a config file.
    public static func load(path: String) throws(ConfigurationError) -> ServiceConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingFile(path) }
        do {
            return try JSONDecoder().decode(ServiceConfiguration.self, from: data)
        } catch {
            throw .invalid(path: path, detail: DecodingErrorText.describe(error))
        }
    }

    /// Applies `ORCHESTRATOR_HOST`, `ORCHESTRATOR_PORT`, `ORCHESTRATOR_BODY_LIMIT_BYTES`,
    /// `ORCHESTRATOR_TICK_INTERVAL_MS`, `ORCHESTRATOR_TLS_CERTIFICATE` with `ORCHESTRATOR_TLS_PRIVATE_KEY`
    /// from `environment`.
    public func overridden(by environment: [String: String]) throws(ConfigurationError) -> ServiceConfiguration {
        var copy = self
        if let host = environment["ORCHESTRATOR_HOST"] { copy.host = host }
        func int(_ key: String) throws(ConfigurationError) -> Int? {
            guard let text = environment[key] else { return nil }
            guard let value = Int(text) else { throw .invalid(path: "environment \(key)", detail: "not an integer: \(text)") }
            return value
        }
        if let port = try int("ORCHESTRATOR_PORT") { copy.port = port }
        if let limit = try int("ORCHESTRATOR_BODY_LIMIT_BYTES") { copy.bodyLimitBytes = limit }
        if let tick = try int("ORCHESTRATOR_TICK_INTERVAL_MS") { copy.tickIntervalMs = tick }
        if let certificate = environment["ORCHESTRATOR_TLS_CERTIFICATE"], let key = environment["ORCHESTRATOR_TLS_PRIVATE_KEY"] {
            copy.tls = TLSSettings(certificateFile: certificate, privateKeyFile: key)
        }
        return copy
    }
}

/// A config file that is missing or does not read.
public enum ConfigurationError: Error, Sendable, CustomStringConvertible {
    case missingFile(String)
    case invalid(path: String, detail: String)

    public var description: String {
        switch self {
        case .missingFile(let path): "config file \(path) does not exist"
        case .invalid(let path, let detail): "config \(path) is not valid: \(detail)"
        }
    }
}
