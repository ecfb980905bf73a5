extension ClassificationRules {
    /// The Kairos stages that the reference tables list: changing them reboots.
    static let rebootStages = [
        "rootfs", "initramfs", "boot", "fs", "network",
        "after-install", "after-install-chroot", "after-upgrade", "after-upgrade-chroot",
        "after-reset", "after-reset-chroot", "before-install", "before-upgrade", "before-reset",
    ]

    /// The OS pack options that the reference lists as no-op (unless `options.system.uri` uses them).
    static let osNoOpOptions = [
        "registry", "repo", "k8sDistribution", "osName", "peVersion", "customTag", "osVersion",
    ]

    /// OS layer: the image URI repaves, boot stages reboot, reconcile reloads, metadata is a no-op.
    static var osRules: [PathRule] {
        [PathRule("os", "options.system.uri", .repave)]
            + rebootStages.map { PathRule("os", "stages.\($0).*", .reboot) }
            + [PathRule("os", "stages.reconcile.*", .configReload)]
            + [PathRule("os", "pack.*", .noOp), PathRule("os", "providerCredentials.*", .noOp)]
            + osNoOpOptions.map { PathRule("os", "options.system.\($0)", .noOp) }
    }

    /// Kubernetes layer, shared by PXK-E, K3s and RKE2 (the reference gives them the same table).
    /// `stages.reconcile.*` reloads configuration, as the RKE2 known issue says it "behaves as expected".
    static func kubernetesRules(scope: String) -> [PathRule] {
        rebootStages.map { PathRule(scope, "stages.\($0).*", .reboot) }
            + [PathRule(scope, "stages.reconcile.*", .configReload)]
            + [PathRule(scope, "cluster.*", .serviceRestart)]
            + [PathRule(scope, "clientConfig.*", .noOp), PathRule(scope, "pack.*", .noOp)]
    }

    /// Plain kubeadm-style packs: `kubeadmconfig` is only read when a node joins, so a change needs
    /// new nodes (what Cluster API does for a KubeadmConfig change). Checked before the shared rows.
    static let kubeadmRules = [PathRule("kubeadm", "kubeadmconfig.*", .repave)]

    /// The RKE2 known issue: any `stages.*` change repaves, except `stages.reconcile.*`.
    static let rke2KnownIssue = [
        PathRule(pattern: "stages.reconcile.*", behavior: .configReload,
                 text: "rke2 known issue: stages.reconcile.* reloads configuration"),
        PathRule(pattern: "stages.*", behavior: .repave, text: "rke2 known issue: stages.* repaves"),
    ]
}
