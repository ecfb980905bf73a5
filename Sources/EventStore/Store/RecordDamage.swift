import Foundation

/// A record of one named database that is not in the form the store writes: a key or value of
/// another size, a name that is not UTF-8, a posting list or stream run that does not decode, a log
/// record that does not decode or whose key is not the position it was recorded at. No write of any
/// build makes such a record, so `verify` reports it as damage (`EventStoreError.corrupt`, exit 65),
/// where records in form that disagree with one another are a failed check (ADR 0020).
struct RecordDamage: Error, CustomStringConvertible {
    /// The database, as `StoreLayout` names it (`log`, `type_postings`, …).
    let database: String
    /// Where in it: `position 17`, `key 'NodeStepSucceeded'`, `key 'x', value 2`.
    let place: String
    let problem: String

    var description: String { "database \(database), \(place): \(problem)" }

    /// A key as a reader can find it again: a name as quoted text when it is printable UTF-8, any
    /// other bytes (a position, an id, a damaged name) in hex.
    static func key(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: Array(bytes), as: UTF8.self), !text.isEmpty,
           text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            return "key '\(text)'"
        }
        return "key 0x" + bytes.map { String(format: "%02x", $0) }.joined()
    }
}
