import Testing
@testable import UpgradeDomain

@Suite("Which Cluster API status counts as failure")
struct CAPIFailureRuleTests {
    static func machine(phase: String? = "Running", conditions: [CAPICondition] = [], failureReason: String? = nil,
                        deleting: Bool = false) -> CAPIObject {
        CAPIObject(kind: .machine, apiVersion: .v1beta2, uid: "u", resourceVersion: "1", name: "m", namespace: "ns",
                   isBeingDeleted: deleting, phase: phase, failureReason: failureReason, conditions: conditions)
    }

    static func v2(_ type: String, _ status: CAPIConditionStatus, _ reason: String?) -> CAPICondition {
        CAPICondition(type: type, status: status, reason: reason, flavor: .v1beta2)
    }

    @Test("transient conditions are not failures", arguments: [
        v2("Ready", .false, "NotReady"),
        v2("Available", .false, "NotAvailable"),
        v2("UpToDate", .false, "NotUpToDate"),
        v2("InfrastructureReady", .false, "NotReady"),
        v2("NodeHealthy", .unknown, "InspectionFailed"),
        v2("Deleting", .false, "DrainingFailed"),
        v2("RemoteConnectionProbe", .false, "ProbeFailed"),
        v2("RollingOut", .false, "RollingOutFailed"),
        CAPICondition(type: "EtcdClusterHealthy", status: .false, reason: "EtcdClusterUnhealthy", severity: "Error", flavor: .v1beta1),
        CAPICondition(type: "DrainingSucceeded", status: .false, reason: "DrainingFailed", severity: "Warning", flavor: .v1beta1),
    ])
    func transient(condition: CAPICondition) {
        #expect(CAPIFailureRule.finding(in: Self.machine(conditions: [condition])) == nil)
    }

    @Test("False conditions with failure reasons are failures", arguments: [
        v2("InfrastructureReady", .false, "InstanceProvisionFailed"),
        v2("BootstrapConfigReady", .false, "BootstrapFailed"),
        CAPICondition(type: "InstanceReady", status: .false, reason: "InstanceTerminated", severity: "Error", flavor: .v1beta1),
    ])
    func failures(condition: CAPICondition) {
        let finding = CAPIFailureRule.finding(in: Self.machine(conditions: [condition]))
        #expect(finding?.cause == .condition(type: condition.type, flavor: condition.flavor))
        #expect(finding?.reason == condition.reason)
    }

    @Test("phase Failed wins over conditions; failureReason alone is a failure")
    func phaseAndFailureReason() {
        let failed = Self.machine(phase: "Failed", conditions: [Self.v2("InfrastructureReady", .false, "InstanceProvisionFailed")])
        #expect(CAPIFailureRule.finding(in: failed)?.cause == .phase("Failed"))
        #expect(CAPIFailureRule.finding(in: Self.machine(failureReason: "UpdateError"))
            == CAPIFailureRule.Finding(cause: .failureReason, reason: "UpdateError", message: ""))
    }

    @Test("objects being deleted are never failures")
    func deletingIgnored() {
        #expect(CAPIFailureRule.finding(in: Self.machine(phase: "Failed", deleting: true)) == nil)
        #expect(CAPIFailureRule.finding(in: Self.machine(phase: "Deleting", failureReason: "x")) == nil)
    }

    @Test("the same object reports the same cause whatever the condition order")
    func deterministicOrder() {
        let a = Self.v2("InfrastructureReady", .false, "InstanceProvisionFailed")
        let b = Self.v2("BootstrapConfigReady", .false, "BootstrapFailed")
        let first = CAPIFailureRule.finding(in: Self.machine(conditions: [a, b]))
        #expect(first == CAPIFailureRule.finding(in: Self.machine(conditions: [b, a])))
        #expect(first?.reason == "BootstrapFailed")
    }
}
