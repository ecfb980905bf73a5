import Foundation
import EventStore
import Hummingbird

/// Names that become one segment of a URL path: cluster and deployment ids, profile names and
/// versions. Read back percent-decoded; refused when no path could address them.
enum PathSegment {
    /// The longest cluster id: its longest stream, `overrides/ID`, within the store's key limit.
    static let clusterIDMaxBytes = KeyName.maxBytes - "overrides/".utf8.count
    /// The longest profile name: its stream is `profile/NAME`.
    static let profileNameMaxBytes = KeyName.maxBytes - "profile/".utf8.count

    /// 400 naming `field` unless `value` can be one path segment: not empty, no `/`, no control
    /// characters, not `.` or `..` (which clients fold away).
    ///
    /// An id or name that becomes part of a stream id (`cluster/ID`, `overrides/ID`,
    /// `profile/NAME`) is also held to `maxBytes`, so the store can keep it as a key.
    static func check(_ value: String, field: String, maxBytes: Int? = nil) throws(APIError) {
        guard !value.isEmpty else { throw .badRequest("\(field) must not be empty") }
        if let maxBytes, value.utf8.count > maxBytes {
            throw .badRequest("\(field) is \(value.utf8.count) bytes long; at most \(maxBytes) bytes (UTF-8) are allowed")
        }
        let control = value.unicodeScalars.contains { $0.properties.generalCategory == .control }
        guard !value.contains("/"), !control, value != ".", value != ".." else {
            let shown = control ? "" : " \(value)"
            throw .badRequest("\(field)\(shown) cannot be addressed in a URL path: it must have no '/' or control characters and not be '.' or '..'")
        }
    }
}

extension ServiceRequestContext {
    /// The path parameter `name`, percent-decoded (`qa%205` is `qa 5`); 400 when it does not decode.
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError.badRequest("the path's \(name) \(raw) is not valid percent-encoding")
        }
        // What no id or name may be (`PathSegment.check`) names nothing: say so, not "not found".
        do {
            try PathSegment.check(decoded, field: "the path's \(name)")
        } catch {
            throw APIError.badRequest("the path's \(name) \(raw) cannot name anything: an id or name is not empty, '.' or '..', and has no '/' or control characters")
        }
        return decoded
    }
}
