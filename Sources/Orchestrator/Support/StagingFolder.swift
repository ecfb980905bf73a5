import Dispatch
import Foundation

/// The sibling folder an import builds its store in (`<store>.importing-<pid>`), moved into place
/// only when every line imported. SIGTERM or SIGINT removes it before the process ends; a
/// staging folder of the same store whose process is gone (killed with SIGKILL, or the machine
/// stopped) is removed by the next import of that store.
final class ImportStaging {
    let path: String
    private var signals: [DispatchSourceSignal] = []

    init(target: String) {
        path = target + Self.marker + String(getpid())
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

    /// Removes the staging folders of `target` left by imports whose process no longer exists;
    /// returns their names.
    @discardableResult
    static func removeAbandoned(of target: String) -> [String] {
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + marker
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        return names.filter { name in
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { return false }
            guard kill(pid, 0) == -1 && errno == ESRCH else { return false }  // alive, or not ours to ask: keep it
            return (try? FileManager.default.removeItem(atPath: parent + "/" + name)) != nil
        }
    }

    private static let marker = ".importing-"
}
