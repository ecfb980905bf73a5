import Engine
import Foundation
import Hummingbird

/// Reads request bodies within the configured size limit and decodes them, every failure a 4xx.
struct RequestBody {
    let limit: Int

    /// The raw bytes, at most `limit` of them (413 beyond).
    func bytes(of request: Request) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge
        }
        // Counted here, not by `collect(upTo:)`: a chunked body has no length up front, and its
        // overflow would surface as NIO's own error (a 500), not as the 413 a declared one gets.
        var data = Data()
        for try await chunk in request.body {
            guard chunk.readableBytes <= limit - data.count else { throw tooLarge }
            data.append(contentsOf: chunk.readableBytesView)
        }
        return data
    }

    /// The body decoded as JSON into `type`; a decoding failure names the field.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try decode(type, fromData: try await bytes(of: request))
    }

    /// Bytes already read, decoded as JSON into `type`; a `KeyedBody` first has its keys checked.
    func decode<T: Decodable>(_ type: T.Type, fromData data: Data) throws -> T {
        guard !data.isEmpty else { throw APIError.badRequest("the request needs a JSON body") }
        if let keyed = type as? any KeyedBody.Type,
           let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            try keyed.bodyKeys.check(value)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, code: "invalid_body", DecodingErrorText.describe(error, in: data))
        }
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
    }
}
