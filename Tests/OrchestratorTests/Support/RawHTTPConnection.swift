import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request on a plain loopback socket, read as it arrives: for streams (SSE) and
/// long polls whose progress a test must see before it acts. Blocking reads, no polling.
final class RawHTTPConnection {
    private let descriptor: Int32
    private var received = Data()

    init(port: Int, path: String, token: String) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); throw ServiceProcessError.didNotStart }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { write(descriptor, $0, strlen($0)) }
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
