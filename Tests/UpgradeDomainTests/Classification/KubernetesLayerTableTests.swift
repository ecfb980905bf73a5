import Foundation
import Testing
import UpgradeDomain

/// Seed 001, Kubernetes layer tables (PXK-E, K3s, RKE2 share one), plus the kubeadm-style table.
@Suite("Kubernetes layer tables")
struct KubernetesLayerTableTests {
    /// The shared rows; `%@` is replaced by the rule scope (distribution or `kubernetes`).
    static let rows: [TableRow] =
        OSLayerTableTests.stages.map { TableRow("stages.\($0)[0].commands[0]", .reboot, "%@: stages.\($0).* reboots") }
        + [
            TableRow("stages.reconcile[0].commands[0]", .configReload, "%@: stages.reconcile.* reloads configuration"),
            TableRow("cluster.config", .serviceRestart, "%@: cluster.* restarts services"),
            TableRow("cluster.config.kubelet.maxPods", .serviceRestart, "%@: cluster.* restarts services"),
            TableRow("clientConfig.oidc-issuer-url", .noOp, "%@: clientConfig.* is a no-op"),
            TableRow("pack.k8sHardening", .noOp, "%@: pack.* is a no-op"),
        ]

    static let distributions: [KubernetesDistribution?] = [.pxkE, .k3s, .kubeadm, nil]

    @Test("shared rows for every distribution without the RKE2 issue", arguments: distributions, rows)
    func sharedRow(distribution: KubernetesDistribution?, row: TableRow) {
        let scope = distribution?.rawValue ?? "kubernetes"
        let result = Fixtures.classifyModified(row.path, layer: .kubernetes, distribution: distribution)
        #expect(result.outcome == .behavior(row.behavior))
        #expect(result.changes.first?.rule == row.rule.replacingOccurrences(of: "%@", with: scope))
    }

    @Test("RKE2 keeps the non-stage rows", arguments: rows.filter { !$0.path.hasPrefix("stages.") })
    func rke2NonStageRow(row: TableRow) {
        let result = Fixtures.classifyModified(row.path, layer: .kubernetes, distribution: .rke2)
        #expect(result.outcome == .behavior(row.behavior))
        #expect(result.changes.first?.rule == row.rule.replacingOccurrences(of: "%@", with: "rke2"))
    }

    @Test("kubeadm-style kubeadmconfig changes repave", arguments: [
        "kubeadmconfig.apiServer.extraArgs.audit-log-maxage", "kubeadmconfig.preKubeadmCommands[2]",
    ])
    func kubeadmConfig(path: String) {
        let result = Fixtures.classifyModified(path, layer: .kubernetes, distribution: .kubeadm)
        #expect(result.behavior == .repave)
        #expect(result.changes.first?.rule == "kubeadm: kubeadmconfig.* repaves")
    }

    @Test("kubeadmconfig is unclassified on the edge distributions", arguments: [KubernetesDistribution.pxkE, .k3s])
    func kubeadmConfigOnEdge(distribution: KubernetesDistribution) {
        let result = Fixtures.classifyModified("kubeadmconfig.files[0].content", layer: .kubernetes, distribution: distribution)
        #expect(result.behavior == .reboot)
        #expect(result.changes.first?.unclassified == true)
    }
}
