import Foundation
import HummingbirdTesting
import TestSupport
import Testing
@testable import Service
#if canImport(Glibc)
import Glibc
#endif

/// `GET /v1/events` sends a catch-up in writes of many frames, and an event committed while the
/// stream waits at once, on its own: a client watching the log sees each commit as it happens.
@Suite("The event stream, live")
struct EventStreamLiveTests {
    @Test func anEventCommittedWhileTheStreamWaitsReachesTheClientBeforeAnyOther() async throws {
        try await ServiceHarness().test(.live) { client, store in
            try await ObservabilityTests.upgradeStarted(client)
            let caughtUp = try store.lastPosition()
            let port = try #require(client.port)
            let stream = try await StreamingSocket.open(
                port: port, head: "GET /v1/events?from=1&limit=\(caughtUp + 2) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer viewer-token")
            defer { stream.close() }
            let catchUp = try await stream.read(until: "id: \(caughtUp)\n")
            #expect(catchUp.contains("id: 1\n"), "\(catchUp)")

            // Nothing follows it in the log: the stream must not hold it back for company.
            _ = try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.2.0"))
            let live = try await stream.read(until: "id: \(caughtUp + 1)\n")
            #expect(live.contains("event: ProfileVersionPublished"), "\(live)")

            _ = try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.3.0"))
            let last = try await stream.read(until: "id: \(caughtUp + 2)\n")
            #expect(last.contains("event: ProfileVersionPublished"), "\(last)")
        }
    }
}

/// A request on a blocking loopback socket whose answer is read piece by piece, on a thread of
/// its own (a cooperative thread could hold up the in-process server that must answer).
final class StreamingSocket: @unchecked Sendable {
    private let descriptor: Int32
    private var received: [UInt8] = []

    private init(descriptor: Int32) { self.descriptor = descriptor }

    static func open(port: Int, head: String) async throws -> StreamingSocket {
        let descriptor = try LoopbackSocket.connect(port: port)
        var patience = timeval(tv_sec: 30, tv_usec: 0)  // a frame that never comes fails the test, not the run
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array((head + "\r\n\r\n").utf8)
        let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else {
            Glibc.close(descriptor)
            throw StreamingSocketError.notSent
        }
        return StreamingSocket(descriptor: descriptor)
    }

    /// Everything received so far once it contains `marker`; throws if the server stops sending first.
    func read(until marker: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try self.blockingRead(until: marker) })
            }
        }
    }

    private func blockingRead(until marker: String) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if text.contains(marker) { return text }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { throw StreamingSocketError.endedBefore(marker, received: text.suffix(300).description) }
            received += buffer[0..<count]
        }
    }

    func close() { Glibc.close(descriptor) }
}

enum StreamingSocketError: Error {
    case notSent
    case endedBefore(String, received: String)
}
