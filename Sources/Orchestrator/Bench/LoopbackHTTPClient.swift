import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 keep-alive client on one loopback socket, for the serve benchmark:
/// one per simulated agent thread, so the client costs little next to the server it measures.
final class LoopbackHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
    }

    deinit { close(descriptor) }

    /// Sends one request and reads its whole response: status and body.
    func send(_ method: String, _ path: String, token: String, body: String? = nil) throws -> (Int, [UInt8]) {
        let payload = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(payload.count)\r\n\r\n"
        let request = Array(head.utf8) + payload
        var written = 0
        while written < request.count {
            let count = request[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "write failed") }
            written += count
        }
        return try readResponse()
    }

    /// Reads one response from the buffered bytes: the status from the status line and the body
    /// by its `Content-Length`, scanned as bytes (the benchmark's own cost stays small).
    private func readResponse() throws -> (Int, [UInt8]) {
        var headerEnd: Int?
        var scanned = 0
        while headerEnd == nil {
            headerEnd = Self.headerEnd(in: buffer, from: scanned)
            if headerEnd == nil {
                scanned = max(0, buffer.count - 3)
                try fill()
            }
        }
        let head = buffer[0..<headerEnd!]
        // "HTTP/1.1 200 OK": the three digits after the first space.
        guard let space = head.firstIndex(of: UInt8(ascii: " ")), space + 3 < head.endIndex,
              let status = Self.decimal(head[(space + 1)..<(space + 4)])
        else { throw Failure(description: "bad status line") }
        let length = Self.contentLength(in: head) ?? 0
        let start = headerEnd! + 4
        while buffer.count < start + length { try fill() }
        let body = Array(buffer[start..<(start + length)])
        buffer.removeFirst(start + length)
        return (status, body)
    }

    /// Where the blank line ending the head starts, looking from `from`.
    private static func headerEnd(in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = from
        while index + 4 <= bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// The value of the `Content-Length` header (any letter case), if the head has one.
    private static func contentLength(in head: ArraySlice<UInt8>) -> Int? {
        let name = Array("\r\ncontent-length:".utf8)
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            var matches = true
            for offset in 0..<name.count where head[index + offset] | (offset > 1 ? 0x20 : 0) != name[offset] {
                matches = false
                break
            }
            if matches {
                var valueStart = index + name.count
                while valueStart < head.endIndex, head[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
                var valueEnd = valueStart
                while valueEnd < head.endIndex, (0x30...0x39).contains(head[valueEnd]) { valueEnd += 1 }
                return decimal(head[valueStart..<valueEnd])
            }
            index += 1
        }
        return nil
    }

    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }

    private func fill() throws {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { throw Failure(description: "connection closed") }
        buffer.append(contentsOf: chunk[0..<count])
    }
}
