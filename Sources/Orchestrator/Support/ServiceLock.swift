import Foundation

/// One `orchestrator run` per store. The service keeps every cluster's state in memory as it
/// writes (the ticker and the metrics answer from it), so a second service on the same store would
/// act on state the first one changed under it. An exclusive `flock` on `<store>/service.lock`,
/// held for the life of the process: the kernel lets go of it when the process ends, SIGKILL too.
final class ServiceLock {
    private let descriptor: Int32

    /// Takes the lock, or fails at once (exit 75) when another process holds it.
    init(store: String) throws {
        let path = store + "/service.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CommandFailure(message: "run: cannot open \(path): \(reason)", exitCode: errno == EACCES || errno == EROFS ? 77 : 74)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CommandFailure.temporary("run: another orchestrator run is serving \(store) (it holds \(path)); stop it, or give this one another store")
        }
        self.descriptor = descriptor
    }

    /// Lets go of the lock (at the end of `run`; exiting does the same).
    func release() { close(descriptor) }
}
