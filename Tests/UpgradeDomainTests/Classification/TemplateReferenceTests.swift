import Foundation
import Testing
@testable import UpgradeDomain

/// `options.system.uri` references: parsing, transitive chains, self pack, Kubernetes version.
@Suite("Template references")
struct TemplateReferenceTests {
    static let byoi = "edge-native-byoi"

    @Test("references parse with or without spaces, trim markers and pipelines", arguments: [
        "{{ .spectro.pack.edge-native-byoi.options.system.registry }}",
        "{{.spectro.pack.edge-native-byoi.options.system.registry}}",
        "x/{{- .spectro.pack.edge-native-byoi.options.system.registry | default \"a\" -}}:tag",
    ])
    func parses(text: String) {
        #expect(TemplateReference.all(in: text) == [
            .packValue(pack: Self.byoi, path: ValuePath(parsing: "options.system.registry")),
        ])
    }

    @Test("the Kubernetes version and several references in one value")
    func severalReferences() {
        let text = "{{ .spectro.pack.p.a.b }}-{{ .spectro.system.kubernetes.version }}-{{ .other }}"
        #expect(TemplateReference.all(in: text) == [
            .packValue(pack: "p", path: ValuePath(parsing: "a.b")), .kubernetesVersion,
        ])
    }

    static func uriPack(registry: String, host: String = "ttl.sh") -> String {
        """
        options:
          system.uri: "{{ .spectro.pack.edge-native-byoi.options.system.registry }}/{{ .spectro.pack.edge-native-byoi.options.system.repo }}:{{ .spectro.system.kubernetes.version }}"
          system.registry: "{{ .spectro.pack.edge-native-byoi.options.registryHost }}/\(registry)"
          system.repo: ubuntu
          registryHost: \(host)
          system.osName: ubuntu
        """
    }

    @Test("a referenced value repaves and records the chain, transitively")
    func transitiveChain() throws {
        let result = ChangeClassifier.classify(
            layer: .os, pack: Self.byoi,
            old: try PackValues(yaml: Self.uriPack(registry: "a")), new: try PackValues(yaml: Self.uriPack(registry: "a", host: "docker.io")))
        #expect(result.behavior == .repave)
        let change = try #require(result.changes.first)
        #expect(change.path.description == "options.registryHost")
        #expect(change.rule == "os: referenced by options.system.uri repaves")
        #expect(change.templateChain.map(\.description) == [
            "options.system.uri", "options.system.registry", "options.registryHost",
        ])
    }

    @Test("the URI's direct reference overrides the no-op row")
    func directReference() throws {
        let result = ChangeClassifier.classify(
            layer: .os, pack: Self.byoi,
            old: try PackValues(yaml: Self.uriPack(registry: "a")), new: try PackValues(yaml: Self.uriPack(registry: "b")))
        #expect(result.behavior == .repave)
        #expect(result.changes.first?.templateChain.map(\.description) == ["options.system.uri", "options.system.registry"])
    }

    @Test("references to another pack are not followed when the pack is named", arguments: ["other-os", nil] as [String?])
    func otherPack(pack: String?) throws {
        let result = ChangeClassifier.classify(
            layer: .os, pack: pack,
            old: try PackValues(yaml: Self.uriPack(registry: "a")), new: try PackValues(yaml: Self.uriPack(registry: "b")))
        // Without a name every pack name counts (conservative); with another name nothing is followed.
        #expect(result.behavior == (pack == nil ? .repave : .noOp))
    }

    @Test("the new pack name counts as this pack too")
    func newPackName() throws {
        let result = ChangeClassifier.classify(
            layer: .os, pack: "old-name", newPack: Self.byoi,
            old: try PackValues(yaml: Self.uriPack(registry: "a")), new: try PackValues(yaml: Self.uriPack(registry: "b")))
        #expect(result.behavior == .repave)
    }

    @Test("an unreferenced option stays a no-op")
    func unreferenced() throws {
        let old = try PackValues(yaml: Self.uriPack(registry: "a"))
        let new = try PackValues(yaml: Self.uriPack(registry: "a").replacingOccurrences(of: "osName: ubuntu", with: "osName: sles"))
        let result = ChangeClassifier.classify(layer: .os, pack: Self.byoi, old: old, new: new)
        #expect(result.behavior == .noOp)
        #expect(result.changes.first?.templateChain == [])
    }

    @Test("a Kubernetes version change repaves only when the URI uses the version", arguments: [true, false])
    func kubernetesVersion(usesVersion: Bool) throws {
        let yaml = usesVersion ? Self.uriPack(registry: "a") : "options:\n  system.uri: ttl.sh/ubuntu:k3s-1.30\n"
        let values = try PackValues(yaml: yaml)
        let result = ChangeClassifier.classify(
            layer: .os, pack: Self.byoi, old: values, new: values, kubernetesVersionChanged: true)
        #expect(result.behavior == (usesVersion ? .repave : .noOp))
        if usesVersion {
            let change = try #require(result.changes.first)
            #expect(change.path == ChangeClassifier.kubernetesVersionPath)
            #expect(change.templateChain.map(\.description) == ["options.system.uri", ".spectro.system.kubernetes.version"])
        }
    }

    @Test("without a version change the version template changes nothing")
    func noVersionChange() throws {
        let values = try PackValues(yaml: Self.uriPack(registry: "a"))
        #expect(ChangeClassifier.classify(layer: .os, old: values, new: values).behavior == .noOp)
    }

    @Test("reference cycles end; a reference only the old URI had still counts")
    func cyclesAndOldReferences() throws {
        let old = try PackValues(yaml: """
            options:
              system.uri: "{{ .spectro.pack.p.options.a }}"
              a: "{{ .spectro.pack.p.options.b }}-x"
              b: "{{ .spectro.pack.p.options.a }}{{ .spectro.pack.p.options.system.uri }}"
            """)
        let new = try PackValues(yaml: """
            options:
              system.uri: fixed
              a: "{{ .spectro.pack.p.options.b }}-x"
              b: "{{ .spectro.pack.p.options.a }}{{ .spectro.pack.p.options.system.uri }}-changed"
            """)
        let result = ChangeClassifier.classify(layer: .os, pack: "p", old: old, new: new)
        let b = try #require(result.changes.first { $0.path.description == "options.b" })
        #expect(b.behavior == .repave)
        #expect(b.templateChain.map(\.description) == ["options.system.uri", "options.a", "options.b"])
        #expect(result.changes.map(\.path.description) == ["options.b", "options.system.uri"])
    }

    @Test("references are not followed outside the OS layer")
    func otherLayers() throws {
        let old = try PackValues(yaml: Self.uriPack(registry: "a"))
        let new = try PackValues(yaml: Self.uriPack(registry: "b"))
        let result = ChangeClassifier.classify(layer: .kubernetes, distribution: .k3s, pack: Self.byoi, old: old, new: new)
        #expect(result.changes.first?.templateChain == [])
        #expect(result.changes.first?.unclassified == true)
    }
}
