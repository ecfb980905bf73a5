/// One Cluster API Machine of a simulated template cluster.
struct SimulatedMachine {
    enum Role { case controlPlane, worker }
    enum Phase: String { case provisioning = "Provisioning", provisioned = "Provisioned", running = "Running", deleting = "Deleting" }

    let name: String
    let uid: String
    let role: Role
    /// `spec.version`: the Kubernetes version the machine was created with.
    let version: String
    /// The owner's machine template revision the machine was created from.
    let revision: Int
    /// The MachineSet that owns a worker.
    let setName: String?
    let creationTimestamp: String
    var phase: Phase
    /// Drawn when the machine is created: it never becomes ready.
    var stuck = false
}
