import Engine
import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// A profile version the engine could not assess later is refused when it is published or
/// edited: 400 naming the JSON path, nothing stored.
@Suite("Profile input")
struct ProfileInputTests {
    static func profile(version: String = "1.1.0", kubernetes: String = "1.30.4", addons: [String] = []) -> String {
        let extra = addons.map { #",{"layer":"addon","name":"\#($0)","version":"1.0.0","values":"replicas: 1\n"}"# }.joined()
        return #"""
        {"name":"retail","version":"\#(version)","distribution":"rke2","packs":[
          {"layer":"os","name":"edge-native-byoi","version":"1.0.0"},
          {"layer":"kubernetes","name":"edge-rke2","version":"\#(kubernetes)"},
          {"layer":"network","name":"cni-calico","version":"3.28.0"}\#(extra)]}
        """#
    }

    @Test(arguments: [
        (profile(addons: ["hello", "metrics", "hello"]), "packs[5].name: add-on hello is also packs[3]; a profile holds each add-on once"),
        (profile(kubernetes: "latest"), "packs[1].version: 'latest' is not a Kubernetes version (expected e.g. 1.29.4, v1.30.1, 1.30.1+rke2r1)"),
        (profile(kubernetes: "1.30"), nil),
        (profile(kubernetes: "v1.31.0-rc.1+rke2r1"), nil),
    ])
    func aVersionTheEngineCannotAssessIsNotPublished(body: String, message: String?) async throws {
        try await ServiceHarness().test(.live) { client, store in
            let before = try store.lastPosition()
            let (status, answer) = try await client.call(.post, "/v1/profiles", token: "operator-token", json: body)
            guard let message else {
                #expect(status == .created, "\(answer)")
                return
            }
            #expect(status == .badRequest, "\(answer)")
            let error = try #require(try ClusterFlowTests.json(answer)["error"] as? [String: Any])
            #expect(error["message"] as? String == message)
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func anEditThatNamesAnAddonTwiceIsRefusedAndTheClustersKeepTheirVersion() async throws {
        try await ServiceHarness().test(.live) { client, store in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            let before = try store.lastPosition()
            let edit = Self.profile(version: "1.0.0", kubernetes: "v1.30.4+rke2r1", addons: ["hello", "hello"])
            let (status, answer) = try await client.call(.put, "/v1/profiles/retail/versions/1.0.0", token: "operator-token", json: edit)
            #expect(status == .badRequest, "\(answer)")
            #expect(answer.contains("packs[4].name: add-on hello is also packs[3]"), "\(answer)")
            #expect(try store.lastPosition() == before)
        }
    }

    @Test func assigningAwayFromAVersionWithTheSameAddonTwiceAnswers() async throws {
        // What an earlier build let through must not stop the service: the stored version is
        // assessed with the first of each add-on name.
        try await ServiceHarness().test(.live) { client, store in
            let twice = Self.profile(version: "1.0.0", kubernetes: "v1.30.4+rke2r1", addons: ["hello", "hello"])
            let document = try JSONDecoder().decode(ProfileDocument.self, from: Data(twice.utf8))
            let event = try DomainEventCodec.encode(document, type: ProfileDocument.publishedType, id: UUID(), at: 0, actor: "olga")
            _ = try await store.append(to: ProfileDocument.stream("retail"), expected: .noStream, events: [event])
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", os: "1.0.1")).0 == .created)
            #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-a")).0 == .created)
            let (status, answer) = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(status == .accepted, "\(answer)")
        }
    }
}
