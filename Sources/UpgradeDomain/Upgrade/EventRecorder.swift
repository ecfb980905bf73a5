/// Collects the events `decide` emits, evolving a working state after each one so later
/// decisions in the same command see the effect of earlier ones.
struct EventRecorder {
    private(set) var state: ClusterUpgradeState
    private(set) var events: [UpgradeEvent] = []

    init(state: ClusterUpgradeState) {
        self.state = state
    }

    mutating func record(_ event: UpgradeEvent) {
        events.append(event)
        ClusterUpgradeDecider.apply(event, to: &state)
    }
}
