import Engine
import UpgradeDomain

/// Cluster API as it rolls one template-based cluster, one machine at a time: the control plane
/// first (surge: a new machine, then the old one goes), then the workers (surge 1 the same way;
/// surge 0 deletes the old machine first). Every change comes out as watch events on v1beta2
/// objects, with the owners' replica counts and RollingOut conditions kept current.
struct SimulatedCAPI {
    /// What the next call to ``advance(now:random:)`` should wait for.
    enum Next: Equatable {
        case after(Int64)
        /// A new machine never becomes ready; nothing more happens by itself.
        case stuck
        case done
    }

    /// The outcome of one step: watch events, and a node that left or rejoined service.
    struct Step {
        var events: [CAPIWatchEvent] = []
        var next: Next = .done
        var outOfService: String?
        var backInService: String?
    }

    enum Stage {
        case idle
        case starting
        case next(SimulatedMachine.Role)
        case provisioning(new: String, replaces: String?, outOfService: String?)
        case deleting(old: String, replaceAfter: Bool)
        case stuck
        case done
    }

    struct Timing {
        var machineRollout: DurationDistribution
        var deletion: DurationDistribution
        var stuckProbability: Double
    }

    let cluster: String
    let namespace = "kcm-system"
    let controlPlaneReplicas: Int
    let workerReplicas: Int
    let workerSurge: Bool
    let timing: Timing
    var controlPlaneVersion: String
    var workerVersion: String
    /// Machine template revisions: every change of the deployment rolls every machine.
    var controlPlaneRevision = 1
    var workerRevision = 1
    var machines: [SimulatedMachine] = []
    var stage = Stage.idle
    var targetVersion: String
    var controlPlaneGeneration = 2
    var machineDeploymentGeneration = 2
    var machineSet: String
    var resourceVersion = 1000
    var serial = 0
    /// Status last emitted per owner (Cluster, control plane, MachineDeployment), to emit only changes.
    var emittedStatus: [String: String] = [:]
    /// Whether the workload cluster's Kubernetes API answers. While it does not, the Cluster's
    /// RemoteConnectionProbe and Available conditions are False and the rollout makes no step.
    private(set) var apiReachable = true
    let createdAt: TemplateInstant

    init(cluster: String, controlPlane: Int, workers: Int, workerSurge: Bool, version: String, timing: Timing, createdAt: TemplateInstant) {
        self.cluster = cluster
        self.controlPlaneReplicas = controlPlane
        self.workerReplicas = workers
        self.workerSurge = workerSurge
        self.timing = timing
        self.controlPlaneVersion = version
        self.workerVersion = version
        self.targetVersion = version
        self.createdAt = createdAt
        self.machineSet = "\(cluster)-md-\(Self.suffix("\(cluster)/ms/1"))"
    }

    /// The watch's initial list: the Cluster, its owners, and every machine running and up to date.
    mutating func baseline() -> [CAPIWatchEvent] {
        for _ in 0..<controlPlaneReplicas { machines.append(newMachine(.controlPlane, phase: .running, at: createdAt)) }
        for _ in 0..<workerReplicas { machines.append(newMachine(.worker, phase: .running, at: createdAt)) }
        var events = ownerEvents(type: CAPIWatchEvent.added)
        events += machines.map { .added(machineObject($0)) }
        return events
    }

    /// The deployment now points at a template installing `version`: the rollout begins.
    mutating func begin(version: String) {
        targetVersion = version
        stage = .starting
    }

    /// The workload cluster's Kubernetes API stopped or started answering: the Cluster shows it
    /// (RemoteConnectionProbe, Available). Its machines are as they were.
    mutating func kubernetesAPI(reachable: Bool) -> [CAPIWatchEvent] {
        apiReachable = reachable
        return ownerEvents()
    }

    /// Moves the rollout one step on at `now`.
    mutating func advance(now: TemplateInstant, random: inout SplitMixGenerator) -> Step {
        var step = Step()
        switch stage {
        case .idle, .stuck, .done:
            return step
        case .starting:
            controlPlaneGeneration += 1
            controlPlaneRevision += 1
            controlPlaneVersion = targetVersion
            step.events += outdated(.controlPlane)
            stage = .next(.controlPlane)
            step.next = .after(1_000)
        case .next(let role):
            replaceNext(role, now: now, random: &random, into: &step)
        case let .provisioning(new, replaces, outOfService):
            guard let index = machines.firstIndex(where: { $0.name == new }) else { return step }
            if machines[index].stuck {
                machines[index].phase = .provisioned
                step.events.append(.modified(machineObject(machines[index])))
                step.events += ownerEvents()
                stage = .stuck
                step.next = .stuck
                return step
            }
            machines[index].phase = .running
            step.events.append(.modified(machineObject(machines[index])))
            step.backInService = outOfService
            if let replaces, let old = machines.firstIndex(where: { $0.name == replaces }) {
                machines[old].phase = .deleting
                step.events.append(.modified(machineObject(machines[old])))
                stage = .deleting(old: replaces, replaceAfter: false)
                step.next = .after(timing.deletion.sample(&random))
            } else {
                stage = .next(machines[index].role)
                step.next = .after(1_000)
            }
            step.events += ownerEvents()
        case let .deleting(old, replaceAfter):
            guard let index = machines.firstIndex(where: { $0.name == old }) else { return step }
            let gone = machines.remove(at: index)
            step.events.append(.deleted(machineObject(gone)))
            if replaceAfter {
                let new = newMachine(gone.role, phase: .provisioning, at: now)
                var created = new
                created.stuck = Double.random(in: 0..<1, using: &random) < timing.stuckProbability
                machines.append(created)
                step.events.append(.added(machineObject(created)))
                stage = .provisioning(new: created.name, replaces: nil, outOfService: gone.name)
                step.next = .after(timing.machineRollout.sample(&random))
            } else {
                stage = .next(gone.role)
                step.next = .after(1_000)
            }
            step.events += ownerEvents()
        }
        return step
    }

    private mutating func replaceNext(_ role: SimulatedMachine.Role, now: TemplateInstant, random: inout SplitMixGenerator, into step: inout Step) {
        let revision = self.revision(role)
        guard let old = machines.first(where: { $0.role == role && $0.revision != revision && $0.phase != .deleting }) else {
            if role == .controlPlane && workerReplicas > 0 {
                machineDeploymentGeneration += 1
                workerRevision += 1
                workerVersion = targetVersion
                machineSet = "\(cluster)-md-\(Self.suffix("\(cluster)/ms/\(workerRevision)"))"
                step.events += outdated(.worker)
                stage = .next(.worker)
                step.next = .after(1_000)
            } else {
                step.events += ownerEvents()
                stage = .done
                step.next = .done
            }
            return
        }
        if role == .controlPlane || workerSurge {
            var created = newMachine(role, phase: .provisioning, at: now)
            created.stuck = Double.random(in: 0..<1, using: &random) < timing.stuckProbability
            machines.append(created)
            step.events.append(.added(machineObject(created)))
            stage = .provisioning(new: created.name, replaces: old.name, outOfService: nil)
            step.next = .after(timing.machineRollout.sample(&random))
        } else {
            let index = machines.firstIndex { $0.name == old.name }!
            machines[index].phase = .deleting
            step.events.append(.modified(machineObject(machines[index])))
            step.outOfService = old.name
            stage = .deleting(old: old.name, replaceAfter: true)
            step.next = .after(timing.deletion.sample(&random))
        }
        step.events += ownerEvents()
    }

    /// The owner of `role` took a new spec: its machines report they are no longer up to date.
    private mutating func outdated(_ role: SimulatedMachine.Role) -> [CAPIWatchEvent] {
        var events = ownerEvents()
        for machine in machines where machine.role == role { events.append(.modified(machineObject(machine))) }
        return events
    }

    private mutating func newMachine(_ role: SimulatedMachine.Role, phase: SimulatedMachine.Phase, at: TemplateInstant) -> SimulatedMachine {
        serial += 1
        let suffix = Self.suffix("\(cluster)/machine/\(serial)")
        let name = role == .controlPlane ? "\(cluster)-cp-\(suffix)" : "\(machineSet)-\(suffix)"
        return SimulatedMachine(
            name: name, uid: Self.uid("\(cluster)/Machine/\(name)"), role: role,
            version: role == .controlPlane ? controlPlaneVersion : workerVersion, revision: revision(role),
            setName: role == .worker ? machineSet : nil, creationTimestamp: Self.timestamp(at), phase: phase)
    }

    func revision(_ role: SimulatedMachine.Role) -> Int {
        role == .controlPlane ? controlPlaneRevision : workerRevision
    }

    mutating func nextResourceVersion() -> String {
        resourceVersion += 1
        return String(resourceVersion)
    }

    /// Five characters of Kubernetes' random-name alphabet, derived from `seed` text.
    static func suffix(_ seed: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var value = StableID.hash(seed)
        var out = ""
        for _ in 0..<5 {
            out.append(alphabet[Int(value % UInt64(alphabet.count))])
            value /= UInt64(alphabet.count)
        }
        return out
    }

    static func uid(_ name: String) -> String { StableID.uuid(name).uuidString.lowercased() }

    /// RFC 3339 to the second, as the API server prints.
    static func timestamp(_ at: TemplateInstant) -> String { String(at.description.prefix(19)) + "Z" }
}
