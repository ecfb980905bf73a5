/// The per-cluster upgrade decider for edge clusters: guardrails, approval, deferral, pause,
/// node-by-node progression with deadlines and retries, queueing of later profile changes.
///
/// ```swift
/// let events = try ClusterUpgradeDecider.decide(command, state).get()
/// let next = events.reduce(state, ClusterUpgradeDecider.evolve)
/// next.requestedNodeActions   // what agents should do now
/// ```
public enum ClusterUpgradeDecider {
    /// The state before any event.
    public static let initial = ClusterUpgradeState.initial

    /// The decider as a value, for generic shells.
    public static let decider = Decider<UpgradeCommand, UpgradeEvent, ClusterUpgradeState, CommandRefusal>(
        initial: initial, decide: decide, evolve: evolve)

    /// Decides what `command` does in `state`: the events to record, or why it is refused.
    /// A refused command emits nothing and changes nothing; an idempotent repeat emits `[]`.
    public static func decide(
        _ command: UpgradeCommand,
        _ state: ClusterUpgradeState
    ) -> Result<[UpgradeEvent], CommandRefusal> {
        var working = state
        return EventRecorder.recording(on: &working) { recorder in
            do throws(RefusalReason) {
                try handle(command, &recorder)
                return .success(recorder.events)
            } catch {
                return .failure(CommandRefusal(command: command.name, reason: error, at: command.at))
            }
        }
    }

    /// Decides and folds in one go: returns the events (a refusal as `commandRefused`, which leaves
    /// `state` as it was) and leaves `state` as it stands after them. The state's collections change in
    /// place, where `decide` followed by `evolve` copies them per event.
    public static func decideAndApply(_ command: UpgradeCommand, to state: inout ClusterUpgradeState) -> [UpgradeEvent] {
        // The recorder works on `state` itself. Handlers refuse only before their first record
        // (each checks, then records), so after a refusal the state is as it was.
        EventRecorder.recording(on: &state) { recorder in
            do throws(RefusalReason) {
                try handle(command, &recorder)
                return recorder.events
            } catch {
                assert(recorder.events.isEmpty, "\(command.name) was refused after recording \(recorder.events)")
                return [.commandRefused(CommandRefusal(command: command.name, reason: error, at: command.at))]
            }
        }
    }

    /// Like `decide`, with a refusal turned into the `commandRefused` event a store can keep.
    public static func decideRecordingRefusals(_ command: UpgradeCommand, _ state: ClusterUpgradeState) -> [UpgradeEvent] {
        switch decide(command, state) {
        case .success(let events): events
        case .failure(let refusal): [.commandRefused(refusal)]
        }
    }

    /// The node steps agents should be performing now for `state`, in plan order (control plane first).
    public static func requestedNodeActions(in state: ClusterUpgradeState) -> [NodeActionRequest] {
        state.requestedNodeActions
    }

    private static func handle(_ command: UpgradeCommand, _ r: inout EventRecorder) throws(RefusalReason) {
        switch command {
        case .registerCluster(let cluster, let policy, let at):
            guard r.state.cluster == nil else { throw .clusterAlreadyRegistered }
            guard cluster.kind == .edge else { throw .unsupportedClusterKind(cluster.kind) }
            do { try cluster.validate() } catch { throw .invalidCluster(error) }
            r.record(.clusterRegistered(cluster, policy: policy, at: at))
        case .reportClusterStatus(let status, let at):
            guard try registered(r.state).status != status else { return }
            r.record(.clusterStatusChanged(status, at: at))
        case .reportKubernetesHealth(let health, let at):
            guard try registered(r.state).kubernetesHealth != health else { return }
            r.record(.kubernetesHealthChanged(health, at: at))
            advance(at: at, &r)
        case .changeProfile(let change, let at):
            try changeProfile(change, at: at, &r)
        case .approveRepave(let actor, let comment, let upgrade, let separate, let at):
            try requireUnderWay(upgrade, r.state)
            try approveRepave(actor: actor, comment: comment, separateFromRequester: separate, at: at, &r)
        case .denyRepave(let actor, let comment, let upgrade, let at):
            try requireUnderWay(upgrade, r.state)
            try denyRepave(actor: actor, comment: comment, at: at, &r)
        case .pause(let actor, let comment, let upgrade, let at):
            try requireUnderWay(upgrade, r.state)
            try pause(OperatorAction(actor: actor, comment: comment, at: at), &r)
        case .resume(let actor, let comment, let upgrade, let at):
            try requireUnderWay(upgrade, r.state)
            try resume(OperatorAction(actor: actor, comment: comment, at: at), &r)
        case .cancel(let actor, let comment, let upgrade, let at):
            try requireUnderWay(upgrade, r.state)
            try cancel(OperatorAction(actor: actor, comment: comment, at: at), &r)
        case .reportNodeStep(let report):
            try reportNodeStep(report, &r)
        case .reportNodeStepStarted(let report):
            try reportNodeStepStarted(report, &r)
        case .tick(let now):
            tick(now: now, &r)
        }
    }

    static func registered(_ state: ClusterUpgradeState) throws(RefusalReason) -> Cluster {
        guard let cluster = state.cluster else { throw .clusterNotRegistered }
        return cluster
    }

    /// `registered` without copying the cluster out.
    static func requireRegistered(_ state: borrowing ClusterUpgradeState) throws(RefusalReason) {
        guard state.isRegistered else { throw .clusterNotRegistered }
    }

    static func activeUpgrade(_ state: ClusterUpgradeState) throws(RefusalReason) -> ActiveUpgrade {
        _ = try registered(state)
        guard let active = state.active else { throw .noUpgradeInProgress }
        return active
    }

    /// An operator's or approver's command that names its upgrade acts on that upgrade only: the
    /// one they looked at may have been cancelled, failed or succeeded since, and another taken its place.
    static func requireUnderWay(_ named: Int?, _ state: ClusterUpgradeState) throws(RefusalReason) {
        guard let named else { return }
        let active = try activeUpgrade(state)
        guard active.number == named else {
            throw .otherUpgradeUnderWay(named: named, current: active.number, target: active.accepted.change.target)
        }
    }

    static func isNamed(_ actor: String) -> Bool {
        actor.contains { !$0.isWhitespace }
    }
}
