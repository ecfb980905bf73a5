import Foundation

/// This process's memory, as the kernel reports it in `/proc/self/status` (Linux), in MiB.
///
/// - `VmHWM`: peak resident set. It counts the store's memory-mapped file pages the process has
///   touched, so it follows the size of what was read or written, not what the process allocated.
/// - `RssAnon`: resident anonymous memory (heap, stacks): what the process itself holds. The kernel
///   keeps no peak of it, so `AnonymousMemorySampler` samples it.
enum MemoryFigures {
    static func peakResidentMB() -> Double { field("VmHWM:") }
    static func anonymousMB() -> Double { field("RssAnon:") }
    static func fileMB() -> Double { field("RssFile:") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
