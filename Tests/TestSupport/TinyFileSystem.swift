import Foundation

/// A tmpfs of a few megabytes in a temporary folder: a disk that fills up, or that can be made
/// read-only, for tests. Mounting needs root (as in CI); `canMount` says whether it can be had.
public struct TinyFileSystem: Sendable {
    public let path: String

    public static let canMount: Bool = {
        guard getuid() == 0, let probe = try? TinyFileSystem(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    public init(megabytes: Int) throws {
        path = NSTemporaryDirectory() + "orchestrator-tmpfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Self.run(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path]) == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    public func remountReadOnly() throws {
        guard Self.run(["mount", "-o", "remount,ro", path]) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    public func unmount() {
        _ = Self.run(["umount", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
