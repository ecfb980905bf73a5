import ArgumentParser
import EventStore

/// The audit commands' `--type` and `--actor`: each value is a whole LMDB key in the store's
/// indexes, so one the store cannot hold (empty, over `KeyName.maxBytes`) is a usage error naming
/// the flag, not an error from LMDB.
enum KeyNameFlags {
    /// Refuses the first value of `flag` the store cannot hold; `what` names one value in the message.
    static func validate(_ values: [String], flag: String, what: String) throws {
        for value in values {
            if let problem = KeyName.problem(with: value) { throw ValidationError("\(flag) \(problem) (\(what) is 1 to \(KeyName.maxBytes) bytes)") }
        }
    }
}
