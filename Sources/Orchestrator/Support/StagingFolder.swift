import Dispatch
import Foundation

/// The sibling folder a command builds its output store in (`<store>.importing-<pid>` for an
/// import, `<store>.backup-<pid>` for a backup), moved into place only when complete. SIGTERM
/// or SIGINT removes it before the process ends; a staging folder of the same target and
/// purpose whose process is gone (killed with SIGKILL, or the machine stopped) is removed by the
/// next such command.
final class StagingFolder {
    /// What the folder is built for; it names the folder.
    enum Purpose {
        case `import`, backup

        var marker: String {
            switch self {
            case .import: ".importing-"
            case .backup: ".backup-"
            }
        }
    }

    let path: String
    private var signals: [DispatchSourceSignal] = []

    init(target: String, purpose: Purpose) {
        path = Self.withoutTrailingSlash(target) + purpose.marker + String(getpid())
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let path = path
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: path)
                Self.endBySignal(number)
            }
            source.resume()
            signals.append(source)
        }
    }

    /// Ends the process as `number` would have, so a shell sees it killed by that signal: the
    /// default action restored and the signal unblocked on this thread (libdispatch blocks the
    /// signals it watches), then raised here; 128 + the signal should that return.
    private static func endBySignal(_ number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }

    /// The signals' default actions again, once the staging folder is moved or removed.
    func release() {
        for source in signals { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }

    /// Moves the finished folder to `target` (replacing an empty folder there) and syncs the
    /// parent folder, so the new name is on disk too.
    func move(to target: String) throws {
        let target = Self.withoutTrailingSlash(target)
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(atPath: path, toPath: target)
        Self.syncFolder(URL(fileURLWithPath: target).deletingLastPathComponent().path)
    }

    /// `DIR/` as `DIR`, so the staging folder is DIR's sibling rather than inside it (a shell's
    /// completion writes the slash); `/` stays itself.
    static func withoutTrailingSlash(_ folder: String) -> String {
        var trimmed = Substring(folder)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// Flushes a folder's entries to disk; best effort (a file system that cannot sync folders
    /// has nothing more to do).
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Removes the staging folders of `target` for `purpose` left by processes that no longer
    /// exist; returns their names.
    @discardableResult
    static func removeAbandoned(of target: String, purpose: Purpose) -> [String] {
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + purpose.marker
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { name in
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { return false }
            guard kill(pid, 0) == -1 && errno == ESRCH else { return false }  // alive, or not ours to ask: keep it
            return (try? FileManager.default.removeItem(atPath: parent + "/" + name)) != nil
        }
    }
}
