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
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer: buffer)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
    }

    /// The body decoded as JSON into `type`; a decoding failure names the field.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try decode(type, fromData: try await bytes(of: request))
    }

    /// Bytes already read, decoded as JSON into `type`.
    func decode<T: Decodable>(_ type: T.Type, fromData data: Data) throws -> T {
        guard !data.isEmpty else { throw APIError.badRequest("the request needs a JSON body") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, code: "invalid_body", Self.describe(error))
        }
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) should be \(type), not null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)) is not valid: \(context.debugDescription)"
        @unknown default:
            return "the body is not valid JSON for this request"
        }
    }
}
