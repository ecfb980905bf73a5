import UpgradeDomain

/// The body of `POST /v1/agents/{cluster}/reports`.
struct NodeReportBody: Decodable, Sendable {
    var node: String
    var step: String
    /// `started`, `succeeded` or `failed`.
    var outcome: String
    var message: String?
    var idempotencyKey: String
    var attempt: Int?
    /// When the agent observed it; the server's clock when absent.
    var atMs: Int64?

    enum Outcome { case started, finished(StepOutcome) }

    /// Validated: a known step and outcome and a non-empty key.
    func parsed() throws -> (NodeStep, Outcome) {
        guard !idempotencyKey.isEmpty else { throw APIError.badRequest("idempotencyKey must not be empty") }
        guard !node.isEmpty else { throw APIError.badRequest("node must not be empty") }
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
