import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request written byte for byte to the live server on 127.0.0.1: for what a client
/// library would tidy up (a chunked body, a path as typed). Returns the status and the body.
enum LoopbackRequest {
    struct Answer {
        var status: Int
        var body: String
    }

    /// `head` is the request line and headers (without the blank line); `Connection: close` is added.
    /// The blocking socket calls run on a thread of their own: on a cooperative thread they could
    /// hold up the in-process server that must answer them (the pool has as few threads as cores).
    static func exchange(port: Int, head: String, body: [UInt8] = []) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, head: head, body: body) })
            }
        }
    }

    private static func blockingExchange(port: Int, head: String, body: [UInt8]) throws -> Answer {
        let descriptor = try LoopbackSocket.connect(port: port)
        defer { close(descriptor) }
        var patience = timeval(tv_sec: 30, tv_usec: 0)  // a server that never answers fails the test, not the run
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array((head + "\r\nConnection: close\r\n\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            // The server may answer 413 and close before the whole body is written.
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return Answer(status: status, body: body)
    }

    /// `bytes` as one chunk of a chunked body, then the last chunk.
    static func chunked(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(bytes.count, radix: 16).utf8) + Array("\r\n".utf8) + bytes + Array("\r\n0\r\n\r\n".utf8)
    }
}

extension LoopbackRequest {
    /// A JSON request with a bearer token on a connection of its own: requests sent this way at
    /// once reach the server at once (the test client sends one after another on one connection).
    static func json(port: Int, _ method: String, _ path: String, token: String, json: String) async throws -> Answer {
        let body = Array(json.utf8)
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)"
        return try await exchange(port: port, head: head, body: body)
    }
}
