import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request on a plain loopback socket, read as it arrives: for streams (SSE) and
/// long polls whose progress a test must see before it acts. Blocking reads, no polling.
final class RawHTTPConnection {
    private let descriptor: Int32
    private var received = Data()

    init(port: Int, path: String, token: String) throws {
        do { descriptor = try LoopbackSocket.connect(port: port) } catch { throw ServiceProcessError.didNotStart }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { write(descriptor, $0, strlen($0)) }
    }

    /// A POST whose body streams in chunks (`Transfer-Encoding: chunked`), as `curl -T -` sends a
    /// pipe: `send(_:)` writes each chunk, and the body never ends unless the test ends it.
    init(port: Int, streamingTo path: String, token: String) throws {
        do { descriptor = try LoopbackSocket.connect(port: port) } catch { throw ServiceProcessError.didNotStart }
        let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        _ = request.withCString { write(descriptor, $0, strlen($0)) }
    }

    /// Writes one chunk of a streaming body.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        let chunk = Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + Array("\r\n".utf8)
        _ = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    deinit { close(descriptor) }

    /// Reads until `text` has arrived; false at end of stream without it.
    func read(until text: String) -> Bool {
        while String(decoding: received, as: UTF8.self).range(of: text) == nil {
            guard readMore() else { return false }
        }
        return true
    }

    /// Reads to the end of the stream; returns everything received.
    func readToEnd() -> String {
        while readMore() {}
        return String(decoding: received, as: UTF8.self)
    }

    private func readMore() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return false }
        received.append(contentsOf: buffer[0..<count])
        return true
    }
}
