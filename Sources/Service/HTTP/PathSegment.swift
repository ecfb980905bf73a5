import Foundation
import Hummingbird

/// Names that become one segment of a URL path: cluster and deployment ids, profile names and
/// versions. Read back percent-decoded; refused when no path could address them.
enum PathSegment {
    /// 400 naming `field` unless `value` can be one path segment: not empty, no `/`, no control
    /// characters, not `.` or `..` (which clients fold away).
    static func check(_ value: String, field: String) throws(APIError) {
        guard !value.isEmpty else { throw .badRequest("\(field) must not be empty") }
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
        return decoded
    }
}
