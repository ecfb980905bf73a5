import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// The body limit (64 KiB in the harness) holds however the body comes: declared, chunked, or
/// one watch event at a time.
@Suite("Body limits")
struct BodyLimitTests {
    static func profile(padTo size: Int) -> [UInt8] {
        let head = #"{"name":"big","version":"1","distribution":"rke2","packs":[{"layer":"os","name":"o","version":"1","values":"a: "#
        let tail = #""}]}"#
        return Array((head + String(repeating: "x", count: size - head.utf8.count - tail.utf8.count) + tail).utf8)
    }

    @Test func aChunkedBodyOverTheLimitIs413LikeADeclaredOne() async throws {
        try await ServiceHarness().test(.live) { client, store in
            let port = try #require(client.port)
            let head = "POST /v1/profiles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer operator-token\r\nContent-Type: application/json"
            let chunked = try await LoopbackRequest.exchange(port: port, head: head + "\r\nTransfer-Encoding: chunked",
                                                   body: LoopbackRequest.chunked(Self.profile(padTo: 70_000)))
            #expect(chunked.status == 413, "\(chunked.body)")
            #expect(chunked.body.contains(#""code":"body_too_large""#), "\(chunked.body)")
            let declared = try await LoopbackRequest.exchange(port: port, head: head + "\r\nContent-Length: 70000", body: Self.profile(padTo: 70_000))
            #expect(declared.status == 413, "\(declared.body)")
            // Within the limit, chunked is read whole.
            let small = try await LoopbackRequest.exchange(port: port, head: head + "\r\nTransfer-Encoding: chunked",
                                                 body: LoopbackRequest.chunked(Self.profile(padTo: 60_000)))
            #expect(small.status == 201, "\(small.body)")
            #expect(try store.events(ofType: "ProfileVersionPublished").count == 1)
        }
    }

    static func watchEvent(size: Int) -> String {
        let head = #"{"type":"ADDED","object":{"pad":""#
        return head + String(repeating: "x", count: size - head.utf8.count - 3) + #""}}"#
    }

    @Test(arguments: [1, 7, 4096, 100_000])
    func aWatchEventIsHeldToTheLimitExactlyHoweverItIsChunked(chunk: Int) throws {
        for (size, fits) in [(64, true), (65, false)] {
            var splitter = JSONTextSplitter(maxObjectBytes: 64)
            let bytes = Array((Self.watchEvent(size: 40) + "\n" + Self.watchEvent(size: size) + "\n").utf8)
            var found: [String] = []
            var refused: APIError?
            do {
                for start in stride(from: 0, to: bytes.count, by: chunk) {
                    found += try splitter.feed(bytes[start..<min(start + chunk, bytes.count)])
                }
            } catch let error as APIError {
                refused = error
            }
            #expect(found.count == (fits ? 2 : 1) || (!fits && found.isEmpty), "size \(size), chunk \(chunk)")
            #expect((refused == nil) == fits, "size \(size), chunk \(chunk)")
            if let refused {
                #expect(refused.status == .contentTooLarge)
                #expect(refused.message == "watch event 2 is larger than 64 bytes")
            }
        }
    }

    @Test func aWatchEventUnderTwiceTheLimitIs413() async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/deployments", token: "operator-token", json: ClusterKindTests.deployment("prod-eu")).0 == .created)
            let before = try store.lastPosition()
            let (status, body) = try await client.call(.post, "/v1/deployments/prod-eu/watch", token: "operator-token",
                                                       json: Self.watchEvent(size: 100_367) + "\n")
            #expect(status == .contentTooLarge, "\(body)")
            #expect(body.contains("watch event 1 is larger than 65536 bytes"), "\(body)")
            #expect(try store.lastPosition() == before)
        }
    }
}
