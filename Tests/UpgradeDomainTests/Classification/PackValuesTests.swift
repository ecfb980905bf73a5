import Testing
import UpgradeDomain

/// Reading pack YAML: dotted keys, nested form, errors with lines, empty input.
@Suite("Pack values")
struct PackValuesTests {
    static let dotted = """
        options:
          system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s"
          system.registry: ttl.sh
        """
    static let nested = """
        options:
          system:
            registry: ttl.sh
            uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s"
        """
    static let mixed = """
        options:
          system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/ubuntu:k3s"
          system:
            registry: ttl.sh
        """

    @Test("dotted, nested and mixed forms are the same values", arguments: [nested, mixed])
    func sameValues(other: String) throws {
        #expect(try PackValues(yaml: Self.dotted) == PackValues(yaml: other))
        let uri = try PackValues(yaml: other).value(at: ValuePath(parsing: "options.system.uri"))
        #expect(uri != nil)
    }

    @Test("a dotted old file and a nested new file classify the same as nested on both sides")
    func sameClassification() throws {
        let changed = Self.nested.replacingTtl()
        let across = ChangeClassifier.classify(
            layer: .os, pack: "edge-native-byoi", old: try PackValues(yaml: Self.dotted), new: try PackValues(yaml: changed))
        let nestedOnly = ChangeClassifier.classify(
            layer: .os, pack: "edge-native-byoi", old: try PackValues(yaml: Self.nested), new: try PackValues(yaml: changed))
        #expect(across == nestedOnly)
        #expect(across.behavior == .repave)
        #expect(across.changes.map(\.path.description) == ["options.system.registry"])
    }

    @Test("one path written twice is an error naming the path and line", arguments: [
        "options:\n  system.uri: a\n  system:\n    uri: b\n",
        "options:\n  system:\n    uri: b\n  system.uri: a\n",
    ])
    func conflictingPath(yaml: String) {
        #expect(throws: PackValuesError.self) { try PackValues(yaml: yaml) }
        do {
            _ = try PackValues(yaml: yaml)
        } catch {
            guard case .conflictingPath(let path, let line) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path.description.hasPrefix("options.system"))
            #expect(line != nil)
        }
    }

    @Test("a key given twice in one map names the key and where the first one is")
    func duplicateKey() {
        do {
            _ = try PackValues(yaml: "options:\n  x: 1\n  y: 2\n  x: 3\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "key 'x' is given twice in one map (first on line 2)")
        }
    }

    @Test("invalid YAML names Yams's problem and line on one line")
    func invalidYAML() {
        do {
            _ = try PackValues(yaml: "a: 1\nb: [\n")
            Issue.record("expected an error")
        } catch {
            guard case .invalidYAML(_, let line) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(line == 3)
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("line 3: "))
        }
    }

    @Test("aliases nested in aliases that expand past the limit are refused, not expanded")
    func anAliasBombIsRefused() throws {
        // Nine levels of nine aliases each: 9^9 (387,420,489) values from a few hundred bytes.
        var yaml = "a: &a [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        let names = Array("abcdefghij").map(String.init)
        for (previous, name) in zip(names, names.dropFirst()) {
            yaml += "\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ","))]\n"
        }
        #expect(throws: PackValuesError.self) { try PackValues(yaml: yaml) }
        do {
            _ = try PackValues(yaml: yaml)
        } catch {
            guard case .tooManyValues(let limit, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(limit == 100_000)
            #expect(error.description.contains("expand to more than 100000 entries"))
        }
        // The same shape kept small reads as it always did.
        let small = "a: &a [1, 2]\nb: [*a, *a]\n"
        #expect(try PackValues(yaml: small).leaves.count == 6)
    }

    @Test("empty text, comments only and null are empty values", arguments: ["", "# nothing\n", "~\n", "---\n"])
    func emptyValues(yaml: String) throws {
        #expect(try PackValues(yaml: yaml) == .empty)
    }

    @Test("a list or scalar document is not pack values", arguments: ["- a\n- b\n", "just text\n"])
    func rootNotMap(yaml: String) {
        #expect(throws: PackValuesError.rootNotMap(line: 1)) { try PackValues(yaml: yaml) }
    }

    @Test("quoting a string does not change it; quoting a bool does")
    func scalarEquality() throws {
        #expect(try PackValues(yaml: "a: ttl.sh\nb: ~\n") == PackValues(yaml: "a: \"ttl.sh\"\nb: null\n"))
        #expect(try PackValues(yaml: "a: true\n") != PackValues(yaml: "a: \"true\"\n"))
    }

    @Test("merge keys fill in what the map does not set")
    func mergeKeys() throws {
        let values = try PackValues(yaml: "base: &b\n  x: 1\n  y: 2\nuse:\n  <<: *b\n  y: 3\n")
        #expect(try values == PackValues(yaml: "base:\n  x: 1\n  y: 2\nuse:\n  x: 1\n  y: 3\n"))
    }
}

private extension String {
    func replacingTtl() -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.contains("registry: ttl.sh") ? $0.replacing("ttl.sh", with: "docker.io/me") : $0 }
            .joined(separator: "\n")
    }
}
