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
    /// When true, the one who asked for a repave (assigned the version, edited it, or set the
    /// overrides that made it) cannot approve it; another approver must (ADR 0027).
    public var requireSeparateApprover: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, bodyLimitBytes: Int = 1 << 20,
        tickIntervalMs: Int = 1000, longPollMaxMs: Int = 30_000, tokens: [TokenRecord] = [], tls: TLSSettings? = nil,
        requireSeparateApprover: Bool = false
    ) {
        self.host = host
        self.port = port
        self.bodyLimitBytes = bodyLimitBytes
        self.tickIntervalMs = tickIntervalMs
        self.longPollMaxMs = longPollMaxMs
        self.tokens = tokens
        self.tls = tls
        self.requireSeparateApprover = requireSeparateApprover
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, bodyLimitBytes, tickIntervalMs, longPollMaxMs, tokens, tls, requireSeparateApprover
    }

    /// Missing keys take their defaults, so a file may hold only `tokens`; an unknown key is refused.
    public init(from decoder: any Decoder) throws {
        try ConfigurationFileProblem.refuseUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let defaults = ServiceConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        bodyLimitBytes = try container.decodeIfPresent(Int.self, forKey: .bodyLimitBytes) ?? defaults.bodyLimitBytes
        tickIntervalMs = try container.decodeIfPresent(Int.self, forKey: .tickIntervalMs) ?? defaults.tickIntervalMs
        longPollMaxMs = try container.decodeIfPresent(Int.self, forKey: .longPollMaxMs) ?? defaults.longPollMaxMs
        tokens = try container.decodeIfPresent([TokenRecord].self, forKey: .tokens) ?? []
        tls = try container.decodeIfPresent(TLSSettings.self, forKey: .tls)
        requireSeparateApprover = try container.decodeIfPresent(Bool.self, forKey: .requireSeparateApprover) ?? defaults.requireSeparateApprover
    }
}
