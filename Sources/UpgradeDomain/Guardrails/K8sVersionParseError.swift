/// Why a Kubernetes version string could not be read.
public struct K8sVersionParseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The text as given.
    public var text: String

    /// Creates the error for `text`.
    public init(text: String) {
        self.text = text
    }

    public var description: String {
        "'\(text)' is not a Kubernetes version (expected e.g. 1.29.4, v1.30.1, 1.30.1+rke2r1)"
    }
}
