/// Collects the events `decide` emits, evolving a working state after each one so later
/// decisions in the same command see the effect of earlier ones.
struct EventRecorder {
    private(set) var state: ClusterUpgradeState
    private(set) var events: [UpgradeEvent] = []

    init(state: ClusterUpgradeState) {
        self.state = state
    }

    /// Takes `state` over, leaving the initial state in its place: the recorder then holds the
    /// only reference to the state's collections, so each record changes them in place.
    init(taking state: inout ClusterUpgradeState) {
        self.state = ClusterUpgradeState.initial
        swap(&self.state, &state)
    }

    /// Gives the working state back to `state` (the recorder is left with the initial state).
    mutating func handBack(to state: inout ClusterUpgradeState) {
        swap(&self.state, &state)
    }

    mutating func record(_ event: UpgradeEvent) {
        events.append(event)
        ClusterUpgradeDecider.apply(event, to: &state)
    }
}
