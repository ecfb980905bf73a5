import Foundation
import Testing

/// `orchestrator classify` as users run it: the real binary, real files, exit codes and output.
@Suite("orchestrator classify")
struct ClassifyCommandTests {
    static let uri = "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/"
        + "{{ .spectro.pack.edge-native-byoi.options.system.repo }}:"
        + "{{ .spectro.pack.edge-native-byoi.options.system.k8sDistribution }}-{{ .spectro.system.kubernetes.version }}-"
        + "{{ .spectro.pack.edge-native-byoi.options.system.peVersion }}-{{ .spectro.pack.edge-native-byoi.options.system.customTag }}"

    /// A BYOI OS pack as CanvOS prints it, with one boot stage.
    static func byoi(registry: String, commands: [String] = ["echo one"]) -> String {
        """
        pack:
          content:
            images:
              - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"
        options:
          system.uri: "\(uri)"
          system.registry: \(registry)
          system.repo: ubuntu
          system.k8sDistribution: k3s
          system.osName: ubuntu
          system.peVersion: v4.4.4
          system.customTag: demo
          system.osVersion: 22
        stages:
          boot:
            - name: motd
              commands:
        \(commands.map { "        - \($0)" }.joined(separator: "\n"))
        """
    }

    @Test("a registry change used by system.uri repaves; JSON is exact and one line")
    func jsonRegistryChange() throws {
        let folder = try ClassifyTestFolder()
        let old = try folder.write("old.yaml", Self.byoi(registry: "ttl.sh"))
        let new = try folder.write("new.yaml", Self.byoi(registry: "docker.io/acme", commands: ["echo one", "echo two"]))
        let result = try OrchestratorProcess.run([
            "classify", "--layer", "os", "--pack", "edge-native-byoi", "--old", old, "--new", new, "--json",
        ])
        #expect(result.exitCode == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == #"""
            {"behavior":"repave","reason":"2 changes; most disruptive: options.system.registry modified (os: referenced by options.system.uri repaves)","changes":[{"path":"options.system.registry","change":"modified","behavior":"repave","rule":"os: referenced by options.system.uri repaves","unclassified":false,"templateChain":["options.system.uri","options.system.registry"]},{"path":"stages.boot[0].commands[1]","change":"added","behavior":"reboot","rule":"os: stages.boot.* reboots","unclassified":false,"templateChain":[]}]}

            """#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["behavior"] as? String == "repave")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["path"] as? String } == ["options.system.registry", "stages.boot[0].commands[1]"])
        #expect(changes.map { $0["change"] as? String } == ["modified", "added"])
    }

    @Test("the same input prints the same bytes")
    func deterministic() throws {
        let folder = try ClassifyTestFolder()
        let old = try folder.write("old.yaml", "b: 1\na: 1\nstages: {fs: [x], boot: [x]}\n")
        let new = try folder.write("new.yaml", "stages: {boot: [y], fs: [y]}\na: 2\nb: 2\n")
        let arguments = ["classify", "--layer", "kubernetes", "--distribution", "rke2", "--old", old, "--new", new, "--json"]
        let first = try OrchestratorProcess.run(arguments)
        #expect(first.exitCode == 0)
        #expect(try OrchestratorProcess.run(arguments).stdout == first.stdout)
        #expect(first.stdout.contains(#""behavior":"repave","reason""#))
    }

    @Test("without --json: an aligned table and a summary line")
    func table() throws {
        let folder = try ClassifyTestFolder()
        let old = try folder.write("old.yaml", "cluster:\n  config: a\nclientConfig:\n  oidc: a\nextra: 1\n")
        let new = try folder.write("new.yaml", "cluster:\n  config: b\nclientConfig:\n  oidc: b\nextra: 2\n")
        let result = try OrchestratorProcess.run([
            "classify", "--layer", "kubernetes", "--distribution", "pxk-e", "--old", old, "--new", new,
        ])
        #expect(result.exitCode == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "PATH               CHANGE    BEHAVIOR         RULE",
            "clientConfig.oidc  modified  no-op            pxk-e: clientConfig.* is a no-op",
            "cluster.config     modified  service-restart  pxk-e: cluster.* restarts services",
            "extra              modified  reboot           kubernetes default: no rule names this path, reboots [unclassified]",
            "",
            "cluster behavior: reboot (3 changes; most disruptive: extra modified (kubernetes default: no rule names this path, reboots))",
            "",
        ])
    }

    @Test("replacing the CNI pack is rejected")
    func cniReplacement() throws {
        let folder = try ClassifyTestFolder()
        let old = try folder.write("old.yaml", "manifests:\n  calico:\n    mtu: 1450\n")
        let new = try folder.write("new.yaml", "charts:\n  cilium:\n    mtu: 1450\n")
        let result = try OrchestratorProcess.run([
            "classify", "--layer", "network", "--pack", "cni-calico", "--new-pack", "cni-cilium",
            "--old", old, "--new", new, "--json",
        ])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix(#"{"behavior":"rejected","reason":"replacing the CNI pack 'cni-calico' with 'cni-cilium'"#))
    }

    @Test("another pack in the layer's place, with the same values, is not a no-op", arguments: [
        ("os", "repave"), ("kubernetes", "reboot"), ("storage", "service-restart"),
    ])
    func packReplacement(layer: String, behavior: String) throws {
        let folder = try ClassifyTestFolder()
        let values = try folder.write("values.yaml", "a:\n  b: 1\n")
        let result = try OrchestratorProcess.run([
            "classify", "--layer", layer, "--pack", "first", "--new-pack", "second", "--old", values, "--new", values, "--json",
        ])
        #expect(result.exitCode == 0)
        #expect(result.stdout == #"{"behavior":"\#(behavior)","reason":"1 change; most disruptive: pack.name modified (\#(layer): pack first replaced by second)","changes":[{"path":"pack.name","change":"modified","behavior":"\#(behavior)","rule":"\#(layer): pack first replaced by second","unclassified":false,"templateChain":[]}]}"# + "\n")
    }

    @Test("empty files are empty values: no changes, no-op")
    func emptyFiles() throws {
        let folder = try ClassifyTestFolder()
        let empty = try folder.write("empty.yaml", "")
        let result = try OrchestratorProcess.run(["classify", "--layer", "storage", "--old", empty, "--new", empty, "--json"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "{\"behavior\":\"no-op\",\"reason\":\"no changes\",\"changes\":[]}\n")
    }

    @Test("bad input exits 65 with one stderr line naming it", arguments: [
        (["--layer", "foo"], "orchestrator: unknown layer 'foo' (expected os, kubernetes, network, storage)"),
        (["--layer", "addon"], "orchestrator: unknown layer 'addon' (expected os, kubernetes, network, storage)"),
        (["--layer", "kubernetes", "--distribution", "eks"], "orchestrator: unknown distribution 'eks' (expected pxk-e, k3s, rke2)"),
    ])
    func unknownNames(flags: [String], message: String) throws {
        let folder = try ClassifyTestFolder()
        let file = try folder.write("v.yaml", "a: 1\n")
        let result = try OrchestratorProcess.run(["classify"] + flags + ["--old", file, "--new", file])
        #expect(result.exitCode == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + "\n")
    }

    @Test("invalid YAML exits 65 naming the file and the line")
    func invalidYAML() throws {
        let folder = try ClassifyTestFolder()
        let good = try folder.write("good.yaml", "a: 1\n")
        let bad = try folder.write("bad.yaml", "a: 1\nb: [\n")
        let result = try OrchestratorProcess.run(["classify", "--layer", "os", "--old", good, "--new", bad])
        #expect(result.exitCode == 65)
        #expect(result.stderr.hasPrefix("orchestrator: invalid YAML in '\(bad)': line 3: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("a Kairos stage with a dotted name beside its plain stage reboots; the change names its own path")
    func dottedStageBesidePlainStage() throws {
        let folder = try ClassifyTestFolder()
        let stages = { (after: String) in
            "stages:\n  boot:\n    - commands: [\"echo a\"]\n  boot.after:\n    - commands: [\"\(after)\"]\n"
        }
        let old = try folder.write("old.yaml", stages("echo b"))
        let new = try folder.write("new.yaml", stages("echo c"))
        let result = try OrchestratorProcess.run(["classify", "--layer", "os", "--old", old, "--new", new, "--json"])
        #expect(result.exitCode == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == #"""
            {"behavior":"reboot","reason":"1 change; most disruptive: stages.boot.after[0].commands[0] modified (os: stages.boot.* reboots)","changes":[{"path":"stages.boot.after[0].commands[0]","change":"modified","behavior":"reboot","rule":"os: stages.boot.* reboots","unclassified":false,"templateChain":[]}]}

            """#)
    }

    @Test("one path given two values exits 65 naming the path and line")
    func pathGivenTwoValues() throws {
        let folder = try ClassifyTestFolder()
        let good = try folder.write("good.yaml", "a: 1\n")
        let bad = try folder.write("bad.yaml", "a.b: 1\na:\n  b: 2\n")
        let result = try OrchestratorProcess.run(["classify", "--layer", "os", "--old", good, "--new", bad])
        #expect(result.exitCode == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "orchestrator: invalid YAML in '\(bad)': line 2: 'a.b' is given two values "
            + "(a dotted key and its nested form are the same path)\n")
    }

    @Test("numerically equal values are no change", arguments: [("110", "0x6E"), ("1.5", "1.50"), (".inf", ".Inf")])
    func numericallyEqualValues(old: String, new: String) throws {
        let folder = try ClassifyTestFolder()
        let before = try folder.write("old.yaml", "cluster:\n  v: \(old)\n")
        let after = try folder.write("new.yaml", "cluster:\n  v: \(new)\n")
        let result = try OrchestratorProcess.run([
            "classify", "--layer", "kubernetes", "--distribution", "k3s", "--old", before, "--new", after, "--json",
        ])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "{\"behavior\":\"no-op\",\"reason\":\"no changes\",\"changes\":[]}\n")
    }

    @Test("a missing file exits 66 naming it")
    func missingFile() throws {
        let folder = try ClassifyTestFolder()
        let good = try folder.write("good.yaml", "a: 1\n")
        let missing = folder.url.appendingPathComponent("missing.yaml").path
        let result = try OrchestratorProcess.run(["classify", "--layer", "os", "--old", missing, "--new", good])
        #expect(result.exitCode == 66)
        #expect(result.stderr == "orchestrator: cannot read '\(missing)': no such file\n")
    }

    @Test("an unknown flag or a missing option is a usage error, exit 64, one line", arguments: [
        ["--bogus"], [] as [String],
    ])
    func usageErrors(extra: [String]) throws {
        let folder = try ClassifyTestFolder()
        let file = try folder.write("v.yaml", "a: 1\n")
        let arguments = ["classify", "--layer", "os", "--old", file] + (extra.isEmpty ? [] : ["--new", file] + extra)
        let result = try OrchestratorProcess.run(arguments)
        #expect(result.exitCode == 64)
        #expect(result.stderr.hasPrefix("orchestrator: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
}
