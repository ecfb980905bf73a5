import Foundation
import UpgradeDomain

/// Turns the `classify` flags into domain values, failing with one-line `CommandFailure`s:
/// unknown layer or distribution and invalid YAML exit 65, a missing or unreadable file exits 66.
enum ClassifyInput {
    /// The layers the CLI accepts (add-on packs are classified by the library only).
    static let layers: [Layer] = [.os, .kubernetes, .network, .storage]
    /// The distributions the CLI accepts.
    static let distributions: [KubernetesDistribution] = [.pxkE, .k3s, .rke2]

    static func layer(_ text: String) throws -> Layer {
        guard let layer = Layer(rawValue: text), layers.contains(layer) else {
            let expected = layers.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure.dataError("unknown layer '\(text)' (expected \(expected))")
        }
        return layer
    }

    static func distribution(_ text: String?) throws -> KubernetesDistribution? {
        guard let text else { return nil }
        guard let distribution = KubernetesDistribution(rawValue: text), distributions.contains(distribution) else {
            let expected = distributions.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure.dataError("unknown distribution '\(text)' (expected \(expected))")
        }
        return distribution
    }

    /// Reads and parses one values file; an empty file is empty values.
    static func values(at path: String) throws -> PackValues {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure.noInput("cannot read '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure.noInput("cannot read '\(path)': is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.noInput("cannot read '\(path)': permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.dataError("invalid YAML in '\(path)': not UTF-8 text")
        }
        do {
            return try PackValues(yaml: text)
        } catch {
            throw CommandFailure.dataError("invalid YAML in '\(path)': \(oneLine(error.description))")
        }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
