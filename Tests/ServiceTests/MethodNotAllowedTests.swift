import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Service

/// A path the service routes, asked with a method it does not take: 405 with `Allow`, on the live
/// server. A path no route has stays 404.
@Suite("Method not allowed")
struct MethodNotAllowedTests {
    static let cases: [(method: HTTPRequest.Method, path: String, allow: String)] = [
        (.delete, "/v1/fleet", "GET, HEAD"),
        (.delete, "/v1/profiles", "GET, HEAD, POST"),
        (.patch, "/v1/clusters/store-a/overrides", "GET, HEAD, PUT"),
        (.post, "/v1/profiles/retail/versions/1.0.0", "GET, HEAD, PUT"),
        (.get, "/v1/clusters", "POST"),
        (.head, "/v1/clusters", "POST"),
    ]

    @Test(arguments: cases)
    func aRoutedPathWithAnotherMethodIs405ListingItsMethods(method: HTTPRequest.Method, path: String, allow: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let headers: HTTPFields = [.authorization: "Bearer viewer-token"]
            let (status, allowHeader, body) = try await client.execute(uri: path, method: method, headers: headers) { response in
                (response.status, response.headers[.allow], String(buffer: response.body))
            }
            #expect(status == .methodNotAllowed, "\(body)")
            #expect(allowHeader == allow)
            if method != .head {
                let message = "method \(method.rawValue) not allowed on \(path); it accepts \(allow)"
                #expect(body == #"{"error":{"code":"method_not_allowed","details":{"allow":"\#(allow)"},"message":"\#(message)"}}"#)
            }
        }
    }

    @Test func anOpenPathIs405WithoutAToken() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let (status, allow) = try await client.execute(uri: "/healthz", method: .post) { ($0.status, $0.headers[.allow]) }
            #expect(status == .methodNotAllowed)
            #expect(allow == "GET, HEAD")
        }
    }

    @Test(arguments: ["/v1/fleet", "/v1/audit?type=UpgradeSucceeded", "/healthz"])
    func headOnAGetRouteAnswersAsGetWithoutTheBody(path: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let headers: HTTPFields = [.authorization: "Bearer viewer-token"]
            let get = try await client.execute(uri: path, method: .get, headers: headers) { ($0.status, $0.headers[.contentType], $0.body.readableBytes) }
            let head = try await client.execute(uri: path, method: .head, headers: headers) { ($0.status, $0.headers[.contentType], $0.body.readableBytes) }
            #expect(get.0 == .ok)
            #expect(get.2 > 0)
            #expect(head.0 == .ok)
            #expect(head.1 == get.1)
            #expect(head.2 == 0)
        }
    }

    @Test func headNeedsATokenAsGetDoes() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let (status, _) = try await client.call(.head, "/v1/fleet")
            #expect(status == .unauthorized)
        }
    }

    @Test func withoutATokenAnyOtherPathIs401Still() async throws {
        try await ServiceHarness().test(.live) { client, _ in
            let (status, _) = try await client.call(.delete, "/v1/fleet")
            #expect(status == .unauthorized)
        }
    }

    @Test(arguments: ["/v1/nothing-here", "/v1/fleet/extra", "/v1/clusters/store-a/overrides/more"])
    func anUnknownPathIs404WhateverTheMethod(path: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            for method: HTTPRequest.Method in [.get, .delete] {
                let (status, allow, body) = try await client.execute(uri: path, method: method, headers: [.authorization: "Bearer viewer-token"]) { response in
                    (response.status, response.headers[.allow], String(buffer: response.body))
                }
                #expect(status == .notFound)
                #expect(allow == nil)
                #expect(body.contains(#""message":"no route \#(method.rawValue) \#(path)"#), "\(body)")
            }
        }
    }
}
