import Foundation

/// A file a command writes (`--report`, `--html`): checked before any work starts, so a path that
/// cannot be written fails at once (exit 73) with one line naming the flag, and written whole.
struct OutputFile {
    let flag: String
    let path: String

    /// Fails unless `path` names a file that can be created or replaced in an existing folder.
    func check() throws {
        func fail(_ why: String) -> CommandFailure { .cannotCreate("\(flag) \(path): \(why)") }
        // An empty path would otherwise pass as the current folder's parent, and fail only at the end.
        if path.isEmpty { throw CommandFailure.cannotCreate("\(flag): the path is empty; give a file path") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw fail("is a folder; give a file path") }
            if access(path, W_OK) != 0 { throw fail("permission denied") }
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw fail("the folder \(folder) does not exist")
        }
        guard isFolder.boolValue else { throw fail("\(folder) is not a folder") }
        // The file is written atomically: a temporary file beside it, then renamed.
        if access(folder, W_OK | X_OK) != 0 { throw fail("cannot create files in \(folder): permission denied") }
    }

    /// Writes `text` whole (a temporary file renamed into place).
    func write(_ text: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure.cannotCreate("\(flag) \(path): cannot write the file: \(FileErrorText.reason(error))")
        }
    }
}

/// The plain reason of a Foundation file error (`permission denied`, `no space left on device`),
/// never its `NSCocoaErrorDomain` description.
enum FileErrorText {
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteFileExists: return "a file of that name exists"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        default: return "the file system refused it"
        }
    }

    /// One line for a Foundation file error that no command wrapped: the path, when it names one, and the reason.
    static func line(_ error: Error) -> String {
        let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String
        return (path.map { "\($0): " } ?? "") + reason(error)
    }
}
