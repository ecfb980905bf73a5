import EventStore
import Foundation
import HummingbirdTesting
import Testing
@testable import Service

@Suite("Service basics: health, auth, errors")
struct ServiceBasicsTests {
    @Test func healthAndReadinessNeedNoToken() async throws {
        try await ServiceHarness().test { client, _ in
            #expect(try await client.call(.get, "/healthz").0 == .ok)
            let (status, body) = try await client.call(.get, "/readyz")
            #expect(status == .ok)
            #expect(body.contains("\"ready\""))
        }
    }

    @Test func tokenHashesAreLowercaseHexSHA256AsTheConfigStoresThem() {
        // The FIPS 180-2 test vectors.
        #expect(TokenBook.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenBook.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(arguments: [("Bearer abc", "abc"), ("Bearer  \tabc \t", "abc"), ("Bearer ", ""), ("Bearer a b", "a b")])
    func theBearerTokenIsReadWithoutSurroundingBlanks(header: String, token: String) {
        #expect(AuthMiddleware.token(in: header) == token)
    }

    @Test func rememberedReportAnswersKeepTheNewestKeysUpToTheirCapacity() {
        let answers = ReportAnswers(capacity: 2)
        let answer = { (status: String) in ReportAnswer(applied: true, duplicate: false, events: [], status: status) }
        _ = answers.remember(answer("one"), cluster: "a", key: "k1")
        _ = answers.remember(answer("two"), cluster: "a", key: "k2")
        _ = answers.remember(answer("three"), cluster: "b", key: "k1")
        #expect(answers.answer(cluster: "a", key: "k1") == nil)
        #expect(answers.answer(cluster: "a", key: "k2")?.status == "two")
        #expect(answers.answer(cluster: "b", key: "k1")?.status == "three")
    }

    @Test func aDuplicateDecidedAlongsideTheReportThatAppliedNeverReplacesItsAnswer() {
        let answers = ReportAnswers()
        let applied = ReportAnswer(applied: true, duplicate: false, events: ["NodeStepSucceeded"], firstPosition: 7, lastPosition: 7, status: "in-progress")
        let duplicate = ReportAnswer(applied: false, duplicate: true, events: [], status: "in-progress")
        // The duplicate finishes first, then the report that applied: the applied answer is kept.
        #expect(answers.remember(duplicate, cluster: "a", key: "k").json == duplicate.json)
        #expect(answers.remember(applied, cluster: "a", key: "k").json == applied.json)
        // A duplicate finishing last gets, and leaves, the first answer.
        #expect(answers.remember(duplicate, cluster: "a", key: "k").json == applied.repeated.json)
        #expect(answers.answer(cluster: "a", key: "k")?.json == applied.json)
    }

    @Test func aRequestNoRouteMatchesIs404NamingIt() async throws {
        try await ServiceHarness().test { client, _ in
            let (status, body) = try await client.call(.delete, "/v1/fleet/all", token: "viewer-token")
            #expect(status == .notFound)
            #expect(body.contains(#""message":"no route DELETE /v1/fleet/all"#), "\(body)")
            #expect(try await client.call(.get, "/v1/nothing-here", token: "viewer-token").1.contains("no route GET /v1/nothing-here"))
        }
    }

    @Test func aMissingOrUnknownTokenIs401WithAJSONError() async throws {
        try await ServiceHarness().test { client, _ in
            let (status, body) = try await client.call(.get, "/v1/fleet")
            #expect(status == .unauthorized)
            #expect(body == #"{"error":{"code":"unauthorized","message":"a valid bearer token is required"}}"#)
            #expect(try await client.call(.get, "/v1/fleet", token: "guess").0 == .unauthorized)
        }
    }

    @Test func theFleetPagesByClusterIdAndCountsEveryCluster() async throws {
        try await ServiceHarness().test { client, _ in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            for id in ["store-c", "store-a", "store-e", "store-b", "store-d"] {
                #expect(try await client.call(.post, "/v1/clusters", token: "operator-token", json: Fixtures.cluster(id)).0 == .created)
            }
            func page(_ query: String) async throws -> (ids: [String], next: String?, counts: [String: Int]) {
                let (status, body) = try await client.call(.get, "/v1/fleet" + query, token: "viewer-token")
                #expect(status == .ok, "\(body)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                let ids = (object["clusters"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                return (ids, object["next"] as? String, object["byStatus"] as? [String: Int] ?? [:])
            }
            let whole = try await page("")
            #expect(whole.ids == ["store-a", "store-b", "store-c", "store-d", "store-e"] && whole.next == nil)
            #expect(whole.counts == ["idle": 5])
            var seen: [String] = []
            var query = "?limit=2"
            while true {
                let part = try await page(query)
                #expect(part.ids.count <= 2)
                #expect(part.counts == ["idle": 5])
                seen += part.ids
                guard let next = part.next else { break }
                query = "?limit=2&after=\(next)"
            }
            #expect(seen == whole.ids)
            #expect(try await page("?after=store-e").ids.isEmpty)
            #expect(try await client.call(.get, "/v1/fleet?limit=0", token: "viewer-token").0 == .badRequest)
        }
    }

    @Test(arguments: [("/v1/fleet", "0"), ("/v1/fleet", "two"), ("/v1/events", "-1"), ("/v1/audit", "0"), ("/v1/audit", "10001")])
    func aBadLimitIs400NamingIt(path: String, limit: String) async throws {
        try await ServiceHarness().test { client, _ in
            let (status, body) = try await client.call(.get, "\(path)?limit=\(limit)", token: "viewer-token")
            #expect(status == .badRequest)
            #expect(body.contains("limit \(limit) is not"), "\(body)")
        }
    }

    @Test func aViewerCannotPublishAndNothingIsWritten() async throws {
        try await ServiceHarness().test { client, store in
            let (status, body) = try await client.call(.post, "/v1/profiles", token: "viewer-token", json: Fixtures.profile("1.0.0"))
            #expect(status == .forbidden)
            #expect(body.contains("\"forbidden\""))
            #expect(try store.lastPosition() == 0)
        }
    }

    @Test func anOversizedBodyIs413AndWritesNothing() async throws {
        var harness = ServiceHarness()
        harness.configuration.bodyLimitBytes = 256
        try await harness.test { client, store in
            let (status, body) = try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0") + String(repeating: " ", count: 400))
            #expect(status == .contentTooLarge)
            #expect(body.contains("body_too_large"))
            #expect(try store.lastPosition() == 0)
        }
    }

    @Test(arguments: [
        (#"{"name":"retail"}"#, "version is missing"),
        (#"{"name":"retail","version":"1","distribution":"rke3","packs":[]}"#, "distribution rke3"),
        (#"{"name":"retail","version":"1","distribution":"rke2","packs":[{"layer":"kernel","name":"x","version":"1"}]}"#, "packs[0].layer kernel"),
        (#"{"name":"retail","version":"1","distribution":"rke2","packs":[{"layer":"os","name":"x","version":"1","values":"a: [1"}]}"#, "packs[0].values"),
        ("not json", "not valid"),
    ])
    func aBadProfileIs400NamingTheProblemAndWritesNothing(body: String, named: String) async throws {
        try await ServiceHarness().test { client, store in
            let (status, text) = try await client.call(.post, "/v1/profiles", token: "operator-token", json: body)
            #expect(status == .badRequest)
            #expect(text.contains(named), "\(text)")
            #expect(try store.lastPosition() == 0)
        }
    }

    @Test func anUnknownRouteIsAJSON404() async throws {
        try await ServiceHarness().test { client, _ in
            let (status, body) = try await client.call(.get, "/v1/nothing", token: "viewer-token")
            #expect(status == .notFound)
            #expect(body.contains("\"error\""))
        }
    }
}
