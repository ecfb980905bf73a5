import Crypto
import UpgradeDomain

/// The body of `POST /v1/agents/{cluster}/reports`.
struct NodeReportBody: Decodable, Sendable, Equatable {
    var node: String
    var step: String
    /// `started`, `succeeded` or `failed`.
    var outcome: String
    var message: String?
    var idempotencyKey: String
    var attempt: Int?
    /// The upgrade of the action the report answers (the action's `upgrade`); a report for another
    /// upgrade is refused (409).
    var upgrade: Int?
    /// When the agent observed it; the server's clock when absent.
    var atMs: Int64?

    enum Outcome { case started, finished(StepOutcome) }

    /// Validated: a known step and outcome and a non-empty key.
    func parsed() throws -> (NodeStep, Outcome) {
        guard !idempotencyKey.isEmpty else { throw APIError.badRequest("idempotencyKey must not be empty") }
        guard !node.isEmpty else { throw APIError.badRequest("node must not be empty") }
        if let atMs, atMs < 0 { throw APIError.badRequest("atMs \(atMs) is negative; it is milliseconds since 1970") }
        if let attempt, attempt < 1 { throw APIError.badRequest("attempt \(attempt) is below 1; tries are counted from 1, as the action gives them") }
        if let upgrade, upgrade < 1 { throw APIError.badRequest("upgrade \(upgrade) is below 1; upgrades are numbered from 1, as the action gives them") }
        guard let step = NodeStep(rawValue: step) else {
            throw APIError.badRequest("step \(step) is not one of \(NodeStep.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch outcome {
        case "started": return (step, .started)
        case "succeeded": return (step, .finished(.succeeded))
        case "failed": return (step, .finished(.failed(message ?? "failed")))
        default: throw APIError.badRequest("outcome \(outcome) is not started, succeeded or failed")
        }
    }
}

extension NodeReportBody {
    /// The body read without `JSONDecoder` when it is a flat object of the report's own keys with
    /// plain values (what agents send); nil otherwise, and the caller decodes it the general way.
    init?(flat bytes: UnsafeRawBufferPointer) {
        guard let object = FlatJSONObject.parse(bytes),
              object.keys.allSatisfy(Self.knownKeys.contains),
              case .string(let node)? = object["node"], case .string(let step)? = object["step"],
              case .string(let outcome)? = object["outcome"], case .string(let key)? = object["idempotencyKey"]
        else { return nil }
        self.node = node
        self.step = step
        self.outcome = outcome
        self.idempotencyKey = key
        switch object["message"] {
        case nil, .null?: message = nil
        case .string(let text)?: message = text
        default: return nil
        }
        switch object["attempt"] {
        case nil, .null?: attempt = nil
        case .integer(let value)?: attempt = Int(value)
        default: return nil
        }
        switch object["upgrade"] {
        case nil, .null?: upgrade = nil
        case .integer(let value)?: upgrade = Int(value)
        default: return nil
        }
        switch object["atMs"] {
        case nil, .null?: atMs = nil
        case .integer(let value)?: atMs = value
        default: return nil
        }
    }

    /// The report's keys, in the order a refusal lists them.
    private static let keyNames = ["node", "step", "outcome", "message", "idempotencyKey", "attempt", "upgrade", "atMs"]
    private static let knownKeys = Set(keyNames)
}

extension NodeReportBody: KeyedBody {
    /// A key the report does not take is a 400 naming it (ADR 0024): a misspelt `upgrade` would
    /// otherwise drop the guard against answering another upgrade's step. Only bodies the flat
    /// reader leaves to the decoder pay for the check.
    static let bodyKeys = BodyKeys.object(keyNames.map { ($0, .anything) })
}

extension NodeReportBody {
    /// The body's digest, recorded with its refusal (`CommandRefusal.Report.bodyDigest`): `sha256:`
    /// and the lowercase hex SHA-256 of every field in declaration order, each a presence byte
    /// (0 absent, 1 present), then a string as its UTF-8 length (8 bytes, big-endian) and bytes, an
    /// integer as 8 bytes big-endian. Equal for bodies that decode to equal values (`==`), however
    /// they were spelled; a field added later changes every digest (ADR 0014).
    var digest: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + node.utf8.count + idempotencyKey.utf8.count + (message?.utf8.count ?? 0))
        func integer(_ value: Int64) {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        func text(_ value: String?) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            integer(Int64(value.utf8.count))
            bytes.append(contentsOf: value.utf8)
        }
        func number(_ value: Int64?) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            integer(value)
        }
        text(node)
        text(step)
        text(outcome)
        text(message)
        text(idempotencyKey)
        number(attempt.map(Int64.init))
        number(upgrade.map(Int64.init))
        number(atMs)
        let digits = Array("0123456789abcdef".utf8)
        var hex = Array("sha256:".utf8)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// What a refusal of this report records of it.
    var refusedReport: CommandRefusal.Report {
        CommandRefusal.Report(idempotencyKey: idempotencyKey, upgrade: upgrade, bodyDigest: digest)
    }
}
