import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder: Sendable {
    let path: String

    init(_ label: String = "store") {
        path = NSTemporaryDirectory() + "orchestrator-tests-\(label)-\(UUID().uuidString)"
    }

    /// A path inside the folder (not created).
    func child(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
