import Testing
import UpgradeDomain

/// Leaf-level diff: kinds, list indices in paths, subtrees per leaf, deterministic order.
@Suite("Value diff")
struct ValueDiffTests {
    static let old = """
        stages:
          boot:
            - name: hosts
              commands:
                - echo one
                - echo two
        cluster:
          config: a
          removed:
            deep: 1
            list: [x, y]
        """
    static let new = """
        cluster:
          config: b
          added: {}
        stages:
          boot:
            - name: hosts
              commands:
                - echo one
                - echo 2
                - echo three
          network:
            - files:
                - path: /etc/x
        """

    @Test("paths join keys with dots and list items with [i], one entry per leaf")
    func pathsAndKinds() throws {
        let changes = ValueDiff.changes(from: try PackValues(yaml: Self.old), to: try PackValues(yaml: Self.new))
        let rendered = changes.map { "\($0.path) \($0.kind.rawValue)" }
        #expect(rendered == [
            "cluster.added added",
            "cluster.config modified",
            "cluster.removed.deep removed",
            "cluster.removed.list[0] removed",
            "cluster.removed.list[1] removed",
            "stages.boot[0].commands[1] modified",
            "stages.boot[0].commands[2] added",
            "stages.network[0].files[0].path added",
        ])
        #expect(changes.first { $0.kind == .removed }?.new == nil)
        #expect(changes.first { $0.kind == .added }?.old == nil)
    }

    @Test("indices sort by number, an ancestor before its children, regardless of key order")
    func ordering() throws {
        let items = (0...11).map { "  - v\($0)" }.joined(separator: "\n")
        let old = try PackValues(yaml: "b: 1\na: 1\nlist:\n  - x\n")
        let new = try PackValues(yaml: "list:\n\(items)\na: 2\nb: 2\n")
        let paths = ValueDiff.changes(from: old, to: new).map(\.path.description)
        #expect(paths == ["a", "b"] + (0...11).map { "list[\($0)]" })
        #expect(paths.map { ValuePath(parsing: $0) } == paths.map { ValuePath(parsing: $0) }.sorted())
    }

    @Test("key order in the file never changes the result")
    func keyOrderIndependent() throws {
        let one = try PackValues(yaml: "z: 1\ny: 2\nx: {c: 1, b: 2, a: 3}\n")
        let two = try PackValues(yaml: "x: {a: 3, b: 2, c: 1}\ny: 2\nz: 1\n")
        #expect(ValueDiff.changes(from: one, to: two).isEmpty)
        let changed = try PackValues(yaml: "x: {a: 4, b: 5, c: 6}\n")
        #expect(ValueDiff.changes(from: one, to: changed) == ValueDiff.changes(from: two, to: changed))
    }

    @Test("equal values have no changes; a scalar turned into a map is removed plus added")
    func edgeCases() throws {
        let values = try PackValues(yaml: Self.old)
        #expect(ValueDiff.changes(from: values, to: values).isEmpty)
        let scalar = try PackValues(yaml: "a: 1\n")
        let map = try PackValues(yaml: "a: {b: 1}\n")
        #expect(ValueDiff.changes(from: scalar, to: map).map { "\($0.path) \($0.kind.rawValue)" } == ["a removed", "a.b added"])
    }

    @Test("value paths parse and print the same", arguments: [
        "stages.boot[0].commands[1]", "options.system.uri", "a[0][1].b", "stages.after-install-chroot[3]",
    ])
    func pathRoundTrip(text: String) {
        #expect(ValuePath(parsing: text).description == text)
    }
}
