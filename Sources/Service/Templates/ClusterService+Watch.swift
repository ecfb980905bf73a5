import Engine
import Foundation
import Hummingbird
import UpgradeDomain

extension ClusterService {
    /// How a watch stream's reading ended.
    struct WatchReading: Sendable {
        var answer: WatchAnswer
        /// The body ended, or was stopped, part-way through an event.
        var insideEvent: Bool
        /// Graceful shutdown stopped the reading before the body ended.
        var stoppedByShutdown: Bool
    }

    /// Feeds a watch stream (newline-delimited or pretty-printed events) into the deployment as it
    /// arrives. Every event of a chunk is parsed before any is applied, and a chunk's events are
    /// decided one by one but recorded in one append (one durable commit); the first bad event, or
    /// a stream that ends inside an event, ends the request with a 400 naming it, whose details
    /// count what earlier chunks applied (those events stay recorded).
    ///
    /// A watch never ends by itself, so graceful shutdown ends it: the reading stops at the next
    /// chunk boundary, every event received whole is applied and durably recorded, and the answer
    /// is a 503 `shutting_down` counting them (an event cut off mid-way is not applied).
    func ingestWatch(_ body: RequestBody, from request: Request, into id: String, actor: String) async throws -> WatchAnswer {
        let (deployment, _) = try await deployment(id)
        let limit = body.limit
        let reading = try await cancellingAtShutdown { [self] in
            try await readWatch(request.body, limit: limit, into: deployment, actor: actor)
        }
        let answer = reading.answer
        if reading.stoppedByShutdown {
            let cut = reading.insideEvent ? "; the event it was receiving was cut off and not applied" : ""
            throw APIError(
                .serviceUnavailable, code: "shutting_down",
                "the service is shutting down, so it stopped reading the watch: the \(answer.received) events received were applied and stay recorded\(cut); send the watch again once the service is back (events already recorded are ignored)",
                details: answer.counts, headers: [.retryAfter: "1"])
        }
        if reading.insideEvent {
            throw APIError(.badRequest, code: "bad_request", "watch stream ended inside event \(answer.received + 1)\(answer.appliedBefore)", details: answer.counts)
        }
        var finished = answer
        let state = try await deployments.state(of: id).state
        finished.status = state.status.label
        finished.detail = state.status.detail
        finished.note = answer.otherClusterNote(for: deployment)
        return finished
    }

    /// Reads and applies the stream until it ends, or until this task is cancelled (shutdown).
    /// Cancellation stops the reading between chunks, never inside one: a chunk's events are
    /// applied in a task of their own, which the cancellation does not reach.
    private func readWatch(_ stream: Hummingbird.RequestBody, limit: Int, into deployment: TemplateDeployment, actor: String) async throws -> WatchReading {
        var splitter = JSONTextSplitter(maxObjectBytes: limit)
        var answer = WatchAnswer(received: 0, observed: 0, ignored: 0, events: 0, status: "", detail: "")
        do {
            for try await chunk in stream {
                let parsed = try Self.parse(try splitter.feed(chunk.readableBytesView), after: answer)
                let before = answer
                answer = try await Task { try await self.apply(parsed, to: before, into: deployment, actor: actor) }.value
                if Task.isCancelled { break }
            }
        } catch let error as CancellationError {
            // The body's reader gives up when cancelled; anything else cancelled is a real error.
            guard Task.isCancelled else { throw error }
        }
        return WatchReading(answer: answer, insideEvent: splitter.isInsideObject, stoppedByShutdown: Task.isCancelled)
    }

    private static func parse(_ texts: [String], after answer: WatchAnswer) throws -> [CAPIWatchEvent] {
        var parsed: [CAPIWatchEvent] = []
        for text in texts {
            do {
                parsed.append(try CAPIWatchEventParser.parse(line: text))
            } catch {
                throw APIError(.badRequest, code: "invalid_watch_event", "watch event \(answer.received + parsed.count + 1): \(error)\(answer.appliedBefore)",
                               details: answer.counts)
            }
        }
        return parsed
    }

    /// Applies a chunk's events in order: those of the deployment's cluster are decided one by
    /// one, each on the state the ones before it left, and recorded together in one append.
    private func apply(_ events: [CAPIWatchEvent], to counts: WatchAnswer, into deployment: TemplateDeployment, actor: String) async throws -> WatchAnswer {
        var answer = counts
        var commands: [(command: TemplateUpgradeCommand, at: TemplateInstant)] = []
        for event in events {
            // Another cluster's object (or another namespace's) is ignored by the decider; counted
            // apart, since a watch of the wrong cluster or namespace would otherwise look accepted.
            if let object = event.object, !TemplateUpgradeDecider.belongs(object, to: deployment) {
                answer.ignored += 1
                answer.otherCluster += 1
                if answer.firstOtherCluster == nil {
                    let cluster = object.clusterName.map { "cluster \($0)" } ?? "no cluster label"
                    let namespace = object.namespace.isEmpty ? "no namespace" : "namespace \(object.namespace)"
                    answer.firstOtherCluster = "\(object.kind.name) \(object.name), \(cluster), \(namespace)"
                }
                continue
            }
            let now = templateNow
            commands.append((.observe(event, at: now), now))
        }
        answer.received += events.count
        guard !commands.isEmpty else { return answer }
        let outcome = try await deployments.execute(commands, on: deployment.clusterId, actor: actor)
        for recorded in outcome.events {
            answer.events += recorded.count
            if recorded.contains(where: { if case .objectObserved = $0 { true } else { false } }) {
                answer.observed += 1
            } else {
                answer.ignored += 1
            }
        }
        return answer
    }
}
