import Engine
import Foundation
import Hummingbird

/// Deterministic JSON responses: sorted keys, no escaped slashes.
enum JSONResponse {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder().encode(value)) ?? Data(failed.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `make` through `CompactJSONEncoder`: the same bytes for values of strings, integers,
    /// booleans and their arrays and objects, in a fraction of the time. For the agents' routes,
    /// which every node step passes through twice.
    static func makeCompact(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        make(json: (try? CompactJSONEncoder().encode(value)) ?? Array(failed.utf8), status: status)
    }

    /// JSON already written (a hand-written encoder's bytes).
    static func make(json bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private static let failed = #"{"error":{"code":"internal","message":"response did not encode"}}"#
}
