import Foundation
import Testing
import UpgradeDomain

struct EncodingTests {
    @Test func theSameStateAlwaysEncodesToTheSameBytesAndDecodesBack() throws {
        let policy = UpgradePolicy(
            stepTimeoutMilliseconds: 60_000,
            stepTimeoutOverrides: [.drain: 1, .reboot: 2, .cordon: 3, .waitReady: 4, .uncordon: 5], maxRetries: 1)
        var scenario = UpgradeScenario.given(edgeCluster(controlPlane: 3, workers: 4), policy: policy)
        scenario.given(.changeProfile(change(.configReload), at: t(1)))
        scenario.answerAll(at: t(2))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let first = try encoder.encode(scenario.state)
        for _ in 0..<5 {
            let copy = scenario.history.reduce(ClusterUpgradeDecider.initial, ClusterUpgradeDecider.evolve)
            #expect(try encoder.encode(copy) == first)
        }
        #expect(try JSONDecoder().decode(ClusterUpgradeState.self, from: first) == scenario.state)
    }
}
