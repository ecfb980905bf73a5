import Testing
import UpgradeDomain

/// The cluster behaviour is the most disruptive change; the reason names it.
@Suite("Aggregation")
struct AggregationTests {
    /// Written with dotted top-level keys: `stages.boot: [a]` is the path `stages.boot[0]`.
    static let keys = ["pack.namespace", "cluster.config", "stages.reconcile", "stages.boot"]

    static func yaml(changing changed: [String]) -> String {
        keys.map { key in
            let value = changed.contains(key) ? "b" : "a"
            return key.hasPrefix("stages.") ? "\(key): [\(value)]" : "\(key): \(value)"
        }.joined(separator: "\n")
    }

    @Test("the most disruptive change decides", arguments: [
        (["pack.namespace"], Behavior.noOp),
        (["pack.namespace", "stages.reconcile"], .configReload),
        (["pack.namespace", "stages.reconcile", "cluster.config"], .serviceRestart),
        (["cluster.config", "stages.boot", "pack.namespace"], .reboot),
    ])
    func maximum(changed: [String], expected: Behavior) throws {
        let result = ChangeClassifier.classify(
            layer: .kubernetes, distribution: .k3s,
            old: try PackValues(yaml: Self.yaml(changing: [])), new: try PackValues(yaml: Self.yaml(changing: changed)))
        #expect(result.changes.count == changed.count)
        #expect(result.outcome == .behavior(expected))
        #expect(result.changes.map(\.behavior).max() == expected)
    }

    @Test("no changes at all is a no-op")
    func noChanges() throws {
        let values = try PackValues(yaml: Self.yaml(changing: []))
        let result = ChangeClassifier.classify(layer: .kubernetes, old: values, new: values)
        #expect(result.outcome == .behavior(.noOp))
        #expect(result.changes.isEmpty)
        #expect(result.reason == "no changes")
        #expect(ChangeClassifier.classify(layer: .os, old: .empty, new: .empty).behavior == .noOp)
    }

    @Test("the reason names the first most disruptive change in path order")
    func reason() throws {
        let old = try PackValues(yaml: "stages:\n  fs: [a]\n  boot: [a]\ncluster: {x: 1}\n")
        let new = try PackValues(yaml: "stages:\n  fs: [b]\n  boot: [b]\ncluster: {x: 2}\n")
        let result = ChangeClassifier.classify(layer: .kubernetes, distribution: .pxkE, old: old, new: new)
        #expect(result.behavior == .reboot)
        #expect(result.reason == "3 changes; most disruptive: stages.boot[0] modified (pxk-e: stages.boot.* reboots)")
        #expect(result.changes.map(\.path.description) == ["cluster.x", "stages.boot[0]", "stages.fs[0]"])
    }

    @Test("classification is deterministic", arguments: 0..<5)
    func deterministic(run: Int) throws {
        let old = try PackValues(yaml: "d: 1\nc: 1\nb: 1\na: 1\nstages: {boot: [1, 2], fs: [1]}\n")
        let new = try PackValues(yaml: "a: 2\nb: 2\nc: 2\nd: 2\nstages: {fs: [2], boot: [2, 1]}\n")
        let reordered = try PackValues(yaml: "stages: {boot: [2, 1], fs: [2]}\nd: 2\nc: 2\nb: 2\na: 2\n")
        let first = ChangeClassifier.classify(layer: .os, old: old, new: new)
        #expect(first == ChangeClassifier.classify(layer: .os, old: old, new: new))
        #expect(first == ChangeClassifier.classify(layer: .os, old: old, new: reordered))
        #expect(first.changes.map(\.path.description) == ["a", "b", "c", "d", "stages.boot[0]", "stages.boot[1]", "stages.fs[0]"])
    }
}
