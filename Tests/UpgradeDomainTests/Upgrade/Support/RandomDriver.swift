import UpgradeDomain

/// Plays random agent answers and operator actions against the decider, checking invariants
/// after every command, and drives the upgrade to an end within a bounded number of commands.
struct RandomDriver {
    let shape: FleetShape
    private(set) var history: [UpgradeEvent] = []
    private(set) var state = ClusterUpgradeDecider.initial
    private(set) var violations: [String] = []
    private(set) var refusals = 0
    private var now: Int64 = 1
    private var lastReport: UpgradeCommand?

    init(shape: FleetShape) {
        self.shape = shape
    }

    mutating func run(choices: [Int], maxCommands: Int = 600) {
        apply(.registerCluster(shape.cluster, policy: shape.policy, at: t(0)))
        apply(.changeProfile(shape.profileChange, at: t(now)))
        var index = 0
        while state.active != nil, index < maxCommands {
            let choice = index < choices.count ? choices[index] : 0
            index += 1
            now += 1
            guard let command = nextCommand(choice) else {
                violations.append("stuck with status \(state.status)")
                return
            }
            apply(command)
        }
        if state.active != nil { violations.append("no end after \(maxCommands) commands: \(state.status)") }
    }

    private mutating func nextCommand(_ choice: Int) -> UpgradeCommand? {
        switch state.status {
        case .awaitingApproval:
            return choice % 10 == 0
                ? .denyRepave(actor: "ops", comment: "no", at: t(now))
                : .approveRepave(actor: "ops", comment: "go", at: t(now))
        case .paused: return .resume(actor: "ops", comment: "", at: t(now))
        case .deferred: return .reportKubernetesHealth(.healthy, at: t(now))
        case .idle, .succeeded, .failed, .cancelled: return nil
        case .inProgress(_, let current):
            guard !current.isEmpty else { return nil }
            let request = current[choice % current.count]
            switch choice {
            case 0..<70: return succeeded(request.node, request.step, key: "k\(now)", at: t(now))
            case 70..<80: return failed(request.node, request.step, "boom", key: "k\(now)", at: t(now))
            case 80..<86: now += 61; return .tick(now: t(now))
            case 86..<89: return .pause(actor: "ops", comment: "look", at: t(now))
            case 89: return .cancel(actor: "ops", comment: "stop", at: t(now))
            case 90..<93: return .reportKubernetesHealth(.down, at: t(now))
            case 93..<96: return lastReport ?? .tick(now: t(now))
            case 96..<98: return .changeProfile(change(laterBehavior(choice), to: laterProfile), at: t(now))
            default: return succeeded(NodeID("ghost-\(choice)"), .reboot, key: "junk\(now)", at: t(now))
            }
        }
    }

    private func laterBehavior(_ choice: Int) -> Behavior {
        Behavior.allCases[(choice + shape.controlPlane) % Behavior.allCases.count]
    }

    private mutating func apply(_ command: UpgradeCommand) {
        let before = state
        let events = ClusterUpgradeDecider.decideRecordingRefusals(command, state)
        if case .reportNodeStep = command { lastReport = command }
        history += events
        state = events.reduce(state, ClusterUpgradeDecider.evolve)
        if case .commandRefused = events.first {
            refusals += 1
            if state != before { violations.append("refused \(command.name) changed the state") }
        }
        checkInvariants(after: command)
    }

    private mutating func checkInvariants(after command: UpgradeCommand) {
        guard let active = state.active, let cluster = state.cluster else { return }
        let entries = active.orderedProgress
        let controlPlane = entries.filter { $0.plan.role == .controlPlane }
        if entries.contains(where: { $0.plan.role == .worker && $0.progress.phase != .waiting }),
            controlPlane.contains(where: { !$0.progress.isFinished })
        {
            violations.append("a worker started before every control-plane node finished (\(command.name))")
        }
        if active.plan.behavior != .configReload, controlPlane.filter({ $0.progress.isActive }).count > 1 {
            violations.append("more than one control-plane node at once")
        }
        guard active.plan.behavior != .configReload else { return }
        for pool in cluster.pools {
            guard let resolved = try? RolloutArithmetic.resolve(pool.rollout, desiredReplicas: pool.desiredReplicas) else {
                violations.append("unresolvable budget for \(pool.id)")
                continue
            }
            let inPool = entries.filter { $0.plan.pool == pool.id }
            // A machine beyond desired: a surged node at work (it provisions before it removes), or a
            // replacement up beside its node, left by an earlier upgrade, started or not.
            let surged = inPool.filter { $0.progress.replacementUp || ($0.progress.isActive && $0.plan.disruption == .surge) }.count
            // Out of service: a node at work that is down (a replacement alone, for a node an earlier upgrade removed, included).
            let down = inPool.filter { $0.progress.isActive && $0.plan.disruption == .unavailable }.count
            let allowedDown = pool.role == .controlPlane ? 1 : max(1, resolved.maxUnavailable)
            if down > allowedDown { violations.append("\(pool.id): \(down) unavailable > \(allowedDown)") }
            if surged > min(pool.spareHosts, resolved.maxSurge) {
                violations.append("\(pool.id): \(surged) surged > room")
            }
        }
    }
}
