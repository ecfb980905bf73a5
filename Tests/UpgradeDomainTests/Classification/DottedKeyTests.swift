import Testing
import UpgradeDomain

/// Dotted keys next to plain keys: Kairos stages such as `boot.after` beside `boot`, Helm labels such
/// as `app.kubernetes.io/name` beside `app`. A dotted key is still its nested form; only one path given
/// two values is refused.
@Suite("Dotted keys next to plain keys")
struct DottedKeyTests {
    static func kairos(boot: String, after: String) -> String {
        """
        stages:
          boot:
            - name: "Set hostname"
              commands: ["\(boot)"]
          boot.after:
            - name: "after boot"
              commands: ["\(after)"]
        """
    }

    static func labels(name: String) -> String {
        """
        charts:
          cilium:
            podLabels:
              app: cilium
              app.kubernetes.io/name: \(name)
        """
    }

    @Test("a dotted stage next to its plain stage is read, and a change to it is its own path")
    func dottedStageNextToPlainStage() throws {
        let old = try PackValues(yaml: Self.kairos(boot: "echo a", after: "echo b"))
        let new = try PackValues(yaml: Self.kairos(boot: "echo a", after: "echo c"))
        let changes = ValueDiff.changes(from: old, to: new)
        #expect(changes.map { "\($0.path) \($0.kind.rawValue)" } == ["stages.boot.after[0].commands[0] modified"])
        #expect(old.leaves.keys.map(\.description).sorted() == [
            "stages.boot.after[0].commands[0]", "stages.boot.after[0].name",
            "stages.boot[0].commands[0]", "stages.boot[0].name",
        ])
    }

    @Test("the value of a key kept whole is found by its dotted path")
    func valueAtKeptWholeKey() throws {
        let values = try PackValues(yaml: Self.kairos(boot: "echo a", after: "echo b"))
        #expect(values.value(at: ValuePath(parsing: "stages.boot.after[0].commands[0]")) == .scalar(.string("echo b")))
        #expect(values.value(at: ValuePath(parsing: "stages.boot[0].commands[0]")) == .scalar(.string("echo a")))
    }

    @Test("a change below a dotted stage follows the rule its dotted path matches", arguments: [
        (Layer.os, nil as KubernetesDistribution?, Behavior.reboot, "os: stages.boot.* reboots"),
        (.os, .rke2, .repave, "rke2 known issue: stages.* repaves"),
        (.kubernetes, .k3s, .reboot, "k3s: stages.boot.* reboots"),
    ])
    func dottedStageFollowsItsRule(
        layer: Layer, distribution: KubernetesDistribution?, behavior: Behavior, rule: String
    ) throws {
        let result = ChangeClassifier.classify(
            layer: layer, distribution: distribution,
            old: try PackValues(yaml: Self.kairos(boot: "echo a", after: "echo b")),
            new: try PackValues(yaml: Self.kairos(boot: "echo a", after: "echo c")))
        #expect(result.behavior == behavior)
        #expect(result.changes.map(\.rule) == [rule])
        #expect(result.changes.map(\.unclassified) == [false])
    }

    @Test("a dotted stage name is matched by its pieces, not as text: after-install-chroot is not after-install")
    func matchedByPieces() throws {
        let old = try PackValues(yaml: "stages:\n  after-install: [a]\n  after-install-chroot.before: [x]\n")
        let new = try PackValues(yaml: "stages:\n  after-install: [a]\n  after-install-chroot.before: [y]\n")
        let result = ChangeClassifier.classify(layer: .os, old: old, new: new)
        #expect(result.changes.map(\.path.description) == ["stages.after-install-chroot.before[0]"])
        #expect(result.changes.map(\.rule) == ["os: stages.after-install-chroot.* reboots"])
    }

    @Test("Helm labels with dots beside a plain label are read, and the changed one is named")
    func helmLabels() throws {
        let old = try PackValues(yaml: Self.labels(name: "cilium"))
        let new = try PackValues(yaml: Self.labels(name: "cilium-agent"))
        let result = ChangeClassifier.classify(layer: .network, old: old, new: new)
        #expect(result.changes.map(\.path.description) == ["charts.cilium.podLabels.app.kubernetes.io/name"])
        #expect(result.behavior == .serviceRestart)
        #expect(try PackValues(yaml: Self.labels(name: "cilium")).value(at: ValuePath(parsing: "charts.cilium.podLabels.app"))
            == .scalar(.string("cilium")))
    }

    @Test("a scalar or a list beside dotted keys under its name keeps every value", arguments: [
        "options:\n  system: plain\n  system.uri: b\n",
        "options:\n  system.uri: b\n  system: plain\n",
        "options.system.uri: b\noptions:\n  system: plain\n",
        "options:\n  system: [plain]\n  system.uri: b\n",
    ])
    func scalarBesideDottedKey(yaml: String) throws {
        let values = try PackValues(yaml: yaml)
        #expect(values.leaves.keys.contains(ValuePath(parsing: "options.system.uri")))
        #expect(values.leaves.count == 2)
        #expect(values.value(at: ValuePath(parsing: "options.system.uri")) == .scalar(.string("b")))
    }

    @Test("where a dotted key sits in the file never changes the values", arguments: [
        "stages:\n  boot.after: [b]\n  boot: [a]\n",
        "stages.boot.after: [b]\nstages:\n  boot: [a]\n",
        "stages:\n  boot: [a]\nstages.boot.after: [b]\n",
        "stages.boot: [a]\nstages.boot.after: [b]\n",
    ])
    func orderAndDepthIndependent(yaml: String) throws {
        #expect(try PackValues(yaml: yaml) == PackValues(yaml: "stages:\n  boot: [a]\n  boot.after: [b]\n"))
    }

    @Test("one leaf path given two values is refused, naming the path and the line of the second", arguments: [
        ("a.b: 1\na:\n  b: 2\n", "a.b", 2),
        ("a:\n  b: 2\na.b: 1\n", "a.b", 3),
        ("options:\n  system.uri: a\n  system:\n    uri: b\n", "options.system.uri", 3),
        ("a.b.c: 1\na.b:\n  c: 2\n", "a.b.c", 2),
        ("a.b: {}\na:\n  b: 1\n", "a.b", 2),
        ("stages:\n  boot: [a]\nstages.boot: [b]\n", "stages.boot", 3),
    ])
    func trueCollision(yaml: String, path: String, line: Int) {
        #expect(throws: PackValuesError.conflictingPath(ValuePath(parsing: path), line: line)) {
            try PackValues(yaml: yaml)
        }
        do {
            _ = try PackValues(yaml: yaml)
        } catch {
            #expect(error.description == "line \(line): '\(path)' is given two values (a dotted key and its nested form are the same path)")
        }
    }

    @Test("empty maps merge with what is written below them, in either form")
    func emptyMapsMerge() throws {
        #expect(try PackValues(yaml: "a: {}\na.b: 1\n") == PackValues(yaml: "a:\n  b: 1\n"))
        #expect(try PackValues(yaml: "a.b: {}\na:\n  b: {}\n") == PackValues(yaml: "a:\n  b: {}\n"))
    }

    @Test("merge keys fill in dotted keys the map does not set")
    func mergeKeysWithDottedKeys() throws {
        let values = try PackValues(yaml: "base: &b\n  boot: [a]\n  boot.after: [b]\nstages:\n  <<: *b\n  boot: [c]\n")
        #expect(values.value(at: ValuePath(parsing: "stages.boot[0]")) == .scalar(.string("c")))
        #expect(values.value(at: ValuePath(parsing: "stages.boot.after[0]")) == .scalar(.string("b")))
    }
}
