import Testing
import UpgradeDomain

/// A history of events, a command, and what it decided: given / when / then.
struct UpgradeScenario {
    private(set) var history: [UpgradeEvent] = []

    /// The state is always the fold of the history.
    var state: ClusterUpgradeState { ClusterUpgradeDecider.decider.fold(history) }

    /// Starts from a registered cluster.
    static func given(_ cluster: Cluster, policy: UpgradePolicy = testPolicy) -> UpgradeScenario {
        UpgradeScenario(history: [.clusterRegistered(cluster, policy: policy, at: t(0))])
    }

    /// Starts from explicit events.
    static func given(events: [UpgradeEvent]) -> UpgradeScenario {
        UpgradeScenario(history: events)
    }

    /// Runs commands that must be accepted, appending their events (setup for the "given").
    @discardableResult
    mutating func given(_ commands: UpgradeCommand..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        for command in commands {
            _ = when(command, sourceLocation: sourceLocation)
        }
        return self
    }

    /// Runs a command that must be accepted and returns the events it emitted.
    @discardableResult
    mutating func when(_ command: UpgradeCommand, sourceLocation: SourceLocation = #_sourceLocation) -> [UpgradeEvent] {
        switch ClusterUpgradeDecider.decide(command, state) {
        case .success(let events):
            history += events
            return events
        case .failure(let refusal):
            Issue.record("unexpected refusal: \(refusal)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Runs a command that must be refused; returns the reason and checks nothing changed.
    func refusal(of command: UpgradeCommand, sourceLocation: SourceLocation = #_sourceLocation) -> RefusalReason? {
        switch ClusterUpgradeDecider.decide(command, state) {
        case .success(let events):
            Issue.record("expected a refusal, got \(events)", sourceLocation: sourceLocation)
            return nil
        case .failure(let refusal):
            let recorded = ClusterUpgradeDecider.decideRecordingRefusals(command, state)
            #expect(recorded == [.commandRefused(refusal)], sourceLocation: sourceLocation)
            #expect(ClusterUpgradeDecider.evolve(state, .commandRefused(refusal)) == state, sourceLocation: sourceLocation)
            return refusal.reason
        }
    }

    /// The steps requested right now, as (node, step) pairs.
    var requested: [NodeStepPair] {
        state.requestedNodeActions.map { NodeStepPair($0.node, $0.step) }
    }

    /// Answers every requested step with success, once, at `at`.
    @discardableResult
    mutating func answerAll(at: Timestamp) -> [UpgradeEvent] {
        var emitted: [UpgradeEvent] = []
        for request in state.requestedNodeActions {
            emitted += when(succeeded(request.node, request.step, at: at))
        }
        return emitted
    }
}

/// A node and a step, comparable in tests.
struct NodeStepPair: Hashable, CustomStringConvertible {
    var node: NodeID
    var step: NodeStep
    init(_ node: NodeID, _ step: NodeStep) {
        self.node = node
        self.step = step
    }
    var description: String { "\(node):\(step.rawValue)" }
}

/// The node steps an event list requested, in order.
func started(_ events: [UpgradeEvent]) -> [NodeStepPair] {
    events.compactMap { if case .nodeStepStarted(let r) = $0 { NodeStepPair(r.node, r.step) } else { nil } }
}
