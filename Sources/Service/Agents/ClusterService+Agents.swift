import Engine
import Foundation
import ServiceLifecycle
import UpgradeDomain

extension ClusterService {
    /// The steps requested of the cluster's agents (optionally one node's), waiting up to
    /// `timeout` for one to appear. Empty when the wait ended with nothing to do.
    func nextActions(for id: String, node: String?, timeout: Duration) async throws -> [NodeActionRequest] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let version = signals.version(of: id)
            let (cluster, state) = try await registered(id)
            // A node the cluster does not have would wait out every poll for nothing.
            if let node, cluster.pool(of: NodeID(node)) == nil { throw APIError.notFound("node \(node) is not in cluster \(id)") }
            let actions = state.requestedNodeActions.filter { node == nil || $0.node.rawValue == node }
            let remaining = deadline - ContinuousClock.now
            if !actions.isEmpty || remaining <= .zero { return actions }
            await cancelWhenGracefulShutdown {
                await self.signals.wait(for: id, after: version, timeout: remaining)
            }
            if ContinuousClock.now >= deadline || Task.isCancelled || Task.isShuttingDownGracefully {
                return try await registered(id).1.requestedNodeActions.filter { node == nil || $0.node.rawValue == node }
            }
        }
    }

    /// How far ahead of this server's clock an agent's `atMs` may be.
    static let clockSkewMs: Int64 = 300_000

    /// Applies an agent's report once: a retry with the same key gets the first answer, marked as
    /// a duplicate that applied nothing. A refused report is recorded once: its retry (same key,
    /// same body) gets the same refusal and records nothing, after a restart too (the refusals
    /// recorded since the cluster's last accepted change are read back at its first report, and
    /// those since an earlier upgrade's acceptance at the first report naming that upgrade, ADR
    /// 0014), and a report waits while another with the same key is decided.
    func report(_ body: NodeReportBody, for id: String, actor: String) async throws -> ReportAnswer {
        let (step, outcome) = try body.parsed()
        // Answers are kept by key and the upgrade the report names: a retry names the same one, and
        // an agent that reuses a key in a later upgrade is not answered with the earlier report's answer.
        let answerKey = Self.answerKey(body.idempotencyKey, upgrade: body.upgrade)
        if answers.seeded(id) == nil { try seedRefusals(of: id) }
        if let named = body.upgrade, case .acceptance(let upgrade, let revision)? = answers.seeded(id), named < upgrade {
            // A late report naming an earlier upgrade: its refusals, if any, are older than those read.
            try seedRefusals(of: id, before: revision, downTo: named)
        }
        // A retry of a report that was refused is refused again, as the first time, and records
        // nothing more: an agent retrying until it is answered must not grow the log. The turn
        // makes the look and the record one step per cluster and key: two identical reports at
        // once would otherwise both find nothing kept and both be refused and recorded.
        switch await answers.turn(cluster: id, key: answerKey, body: body) {
        case .answered(let earlier): return earlier.repeated
        case .refused(let refusal): throw refusal
        case .decide: break
        }
        defer { answers.end(cluster: id, key: answerKey) }
        await hooks.reportDeciding?()
        // One visit to the cluster's state: registration and node are checked where the command
        // is decided. A repeated key is answered as a duplicate by the decider emitting nothing.
        let node = body.node, key = body.idempotencyKey, atMs = body.atMs, upgrade = body.upgrade
        let now = clock.now()
        // The next step is requested at the later of the agent's time and now, and its deadline
        // follows: a time from the future would put it off, one from before its step is refused.
        // The agent's time stays in the events' data; they are recorded at `now`, so the cluster's
        // history never goes back in time for an agent's clock (ADR 0019).
        if let atMs, atMs > now.millisecondsSinceEpoch + Self.clockSkewMs {
            throw APIError.badRequest("atMs \(atMs) is ahead of this server's clock (\(now.millisecondsSinceEpoch)) by more than \(Self.clockSkewMs / 1000) s; send when the agent observed it")
        }
        let check: @Sendable (EdgeClusters.Folded) throws -> Void = { folded in
            let cluster = try Self.registeredCluster(folded, id: id)
            guard cluster.pool(of: NodeID(node)) != nil else {
                throw APIError.badRequest("node \(node) is not in cluster \(id)")
            }
            // Read in place, without listing the requested steps. A repeat is answered as one whatever
            // its time (checked last: only an early time needs the key's digest); a step not
            // running is the decider's to refuse.
            if let atMs, case .running(let running)? = folded.state.active?.progress[NodeID(node)]?.phase,
               running.step == step, atMs < running.requestedAt.millisecondsSinceEpoch,
               !folded.state.isRepeatedReport(key: key, upgrade: upgrade) {
                throw APIError.badRequest("atMs \(atMs) is before the step was requested (\(running.requestedAt.millisecondsSinceEpoch)); send when the agent observed it")
            }
        }
        let at = atMs.map { Timestamp(millisecondsSinceEpoch: $0) } ?? now
        let command: UpgradeCommand = switch outcome {
        case .started:
            .reportNodeStepStarted(NodeStepStartReport(node: NodeID(body.node), step: step, idempotencyKey: body.idempotencyKey,
                                                       at: at, attempt: body.attempt, upgrade: body.upgrade))
        case .finished(let result):
            .reportNodeStep(NodeStepReport(node: NodeID(body.node), step: step, outcome: result,
                                           idempotencyKey: body.idempotencyKey, at: at, attempt: body.attempt, upgrade: body.upgrade,
                                           receivedAt: now))
        }
        let recorded: EdgeClusters.Outcome
        do {
            // A refusal records the report's key and body digest, for `seedRefusals` after a restart.
            recorded = try await executeAccepted(command, on: id, actor: actor, recordedAt: now, refusedReport: { body.refusedReport },
                                                 check: check)
        } catch let refusal as CommandRefusal {
            answers.rememberRefusal(refusal, cluster: id, key: answerKey, bodyDigest: refusal.report?.bodyDigest ?? body.digest)
            throw refusal
        }
        let status = recorded.state.status
        let requested = if case .inProgress(_, let current) = status { current } else { recorded.state.requestedNodeActions }
        let answer = ReportAnswer(applied: !recorded.events.isEmpty, duplicate: recorded.events.isEmpty,
                                  events: recorded.events.map(\.typeName), firstPosition: recorded.positions?.lowerBound,
                                  lastPosition: recorded.positions?.upperBound, status: ClusterView.name(status),
                                  nextActions: requested.map(NodeActionView.init))
        return answers.remember(answer, cluster: id, key: answerKey)
    }

    /// The key `ReportAnswers` keeps a report's answer or refusal under: its idempotency key and
    /// the upgrade it names, if any.
    static func answerKey(_ key: String, upgrade: Int?) -> String {
        upgrade.map { "\(key)\u{0}\($0)" } ?? key
    }

    /// How many of a cluster's events `seedRefusals` reads at a time, from the newest.
    static let refusalPage = 64

    /// Keeps the refusals of reports recorded on the cluster's stream since an accepted profile
    /// change, read newest first (from `revision` down, or from the newest event). At the cluster's
    /// first report since this service started (`upgrade` nil) it reads back to its last accepted
    /// change (the upgrade under way or the one that ended last; every event when it never had
    /// one), so the cost is the current upgrade's events, once per cluster. A late report naming an
    /// earlier upgrade reads on from there back to that upgrade's acceptance, once. The fold passes
    /// refusals over (ADR 0010), so they are read here; one recorded before ADR 0014, or with a
    /// reason this build cannot decode, names no report and is passed over.
    private func seedRefusals(of id: String, before revision: UInt64? = nil, downTo upgrade: Int? = nil) throws {
        var refused: [(key: String, refused: RefusedReport)] = []
        var limit = SeedLimit.wholeStream
        var from: UInt64?
        if let revision {
            guard revision > 0 else { return answers.seed(id, refusals: [], limit: .wholeStream) }
            from = revision - 1
        }
        scan: while true {
            let page = try store.readStream(EdgeClusters.stream(id), from: from, backward: true, limit: Self.refusalPage)
            for event in page {
                if event.type == "ProfileChangeAccepted" {
                    let accepted = if case .profileChangeAccepted(let accepted)? = try? DomainEventCodec.decode(UpgradeEvent.self, from: event) {
                        accepted.upgrade
                    } else {
                        Int.min
                    }
                    if upgrade.map({ accepted <= $0 }) ?? true {
                        limit = .acceptance(upgrade: accepted, revision: event.revision)
                        break scan
                    }
                    continue
                }
                guard event.type == UpgradeEvent.commandRefusedTypeName,
                      case .commandRefused(let refusal)? = try? DomainEventCodec.decode(UpgradeEvent.self, from: event),
                      let report = refusal.report else { continue }
                refused.append((Self.answerKey(report.idempotencyKey, upgrade: report.upgrade),
                                RefusedReport(bodyDigest: report.bodyDigest, refusal: refusal)))
            }
            guard page.count == Self.refusalPage, let last = page.last, last.revision > 0 else { break }
            from = last.revision - 1
        }
        answers.seed(id, refusals: refused.reversed(), limit: limit)
    }
}
