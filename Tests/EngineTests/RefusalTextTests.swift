import Engine
import Testing
import UpgradeDomain

/// Refusals in plain words, as audit, the HTTP answers and the fan-out say them.
struct RefusalTextTests {
    @Test func aReportForAnOlderTryIsStaleAndOneForALaterTryWasNeverRequested() {
        #expect(RefusalText.describe(.staleAttempt(node: "cp-1", step: .cordon, reported: 1, current: 2))
            == "report for attempt 1 of cordon on cp-1, but attempt 2 is current")
        #expect(RefusalText.describe(.staleAttempt(node: "cp-1", step: .cordon, reported: 5, current: 1))
            == "report for attempt 5 of cordon on cp-1, which was never requested: attempt 1 is current")
    }
}
