import Foundation
import HummingbirdTesting
import Testing
@testable import Service

/// A pool's percentage whose share of the pool does not fit in an integer registers and plans like
/// any budget larger than the pool, and the service goes on answering.
@Suite("Rollout percentages at registration")
struct RolloutPercentageTests {
    static func cluster(surge: String, unavailable: String) -> String {
        #"""
        {"id":"store-a","profile":{"name":"retail","version":"1.0.0"},"pools":[
          {"id":"control-plane","role":"control-plane","nodes":["store-a-cp1"],"maxSurge":"0","maxUnavailable":"1"},
          {"id":"workers","role":"worker","nodes":["store-a-w1","store-a-w2"],"spareHosts":2,"maxSurge":"\#(surge)","maxUnavailable":"\#(unavailable)"}]}
        """#
    }

    @Test(arguments: [("0", "9223372036854775807%"), ("9223372036854775807%", "0"), ("4611686018427387904%", "4611686018427387904%")])
    func aHugePercentageRegistersAndItsUpgradeIsPlanned(surge: String, unavailable: String) async throws {
        try await ServiceHarness().test(.live) { client, _ in
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.0.0")).0 == .created)
            #expect(try await client.call(.post, "/v1/profiles", token: "operator-token", json: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1")).0 == .created)
            let registered = try await client.call(.post, "/v1/clusters", token: "operator-token", json: Self.cluster(surge: surge, unavailable: unavailable))
            #expect(registered.0 == .created, "\(registered.1)")
            let assigned = try await client.call(.post, "/v1/clusters/store-a/profile", token: "operator-token", json: #"{"name":"retail","version":"1.1.0"}"#)
            #expect(assigned.0 == .accepted, "\(assigned.1)")
            #expect(try await client.call(.get, "/healthz").0 == .ok)
        }
    }
}
