import Testing
import UpgradeDomain

/// Seed 001, OS layer table, one test case per row (paths written as users write them).
@Suite("OS layer table")
struct OSLayerTableTests {
    static let stages = [
        "rootfs", "initramfs", "boot", "fs", "network", "after-install", "after-install-chroot",
        "after-upgrade", "after-upgrade-chroot", "after-reset", "after-reset-chroot",
        "before-install", "before-upgrade", "before-reset",
    ]

    static let rows: [TableRow] =
        [TableRow("options.system.uri", .repave, "os: options.system.uri repaves")]
        + stages.map { TableRow("stages.\($0)[0].commands[1]", .reboot, "os: stages.\($0).* reboots") }
        + [TableRow("stages.reconcile[0].files[0].content", .configReload, "os: stages.reconcile.* reloads configuration")]
        + [TableRow("pack.content.images[0].image", .noOp, "os: pack.* is a no-op")]
        + [TableRow("providerCredentials.password", .noOp, "os: providerCredentials.* is a no-op")]
        + ["registry", "repo", "k8sDistribution", "osName", "peVersion", "customTag", "osVersion"].map {
            TableRow("options.system.\($0)", .noOp, "os: options.system.\($0) is a no-op")
        }

    @Test("each OS row decides its paths", arguments: rows)
    func row(_ row: TableRow) {
        let result = Fixtures.classifyModified(row.path, layer: .os)
        #expect(result.outcome == .behavior(row.behavior))
        #expect(result.changes.map(\.path.description) == [row.path])
        #expect(result.changes.first?.rule == row.rule)
        #expect(result.changes.first?.unclassified == false)
    }

    @Test("options written with a dotted key follow the same rows", arguments: [
        ("system.uri", Behavior.repave), ("system.registry", .noOp), ("system.osVersion", .noOp),
    ])
    func dottedKey(key: String, behavior: Behavior) throws {
        let old = try Fixtures.yaml("options:\n  \(key): a\n")
        let new = try Fixtures.yaml("options:\n  \(key): b\n")
        let result = ChangeClassifier.classify(layer: .os, old: old, new: new)
        #expect(result.behavior == behavior)
        #expect(result.changes.map(\.path.description) == ["options.\(key)"])
    }

    @Test("a path no OS row names reboots and is marked unclassified")
    func unclassifiedDefault() {
        let result = Fixtures.classifyModified("install.device", layer: .os)
        #expect(result.behavior == .reboot)
        #expect(result.changes.first?.unclassified == true)
        #expect(result.changes.first?.rule == "os default: no rule names this path, reboots")
    }

    @Test("a stage the table does not list is unclassified, not a listed stage")
    func unlistedStage() {
        let result = Fixtures.classifyModified("stages.kairos-uki-install[0].commands[0]", layer: .os)
        #expect(result.behavior == .reboot)
        #expect(result.changes.first?.unclassified == true)
    }
}
