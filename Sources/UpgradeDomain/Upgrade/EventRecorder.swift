/// Collects the events a command's handler emits, evolving the state after each one so later
/// decisions in the same command see the effect of earlier ones.
///
/// The recorder works on its caller's state in place, through a pointer that lives only as long
/// as `recording(on:_:)`: the state is over a kilobyte of inline fields, and moving it into a
/// recorder and back cost more than most decisions. Each record then changes the state's
/// collections in place, as the only owner.
struct EventRecorder {
    private let target: UnsafeMutablePointer<ClusterUpgradeState>
    private(set) var events: [UpgradeEvent] = []

    private init(_ target: UnsafeMutablePointer<ClusterUpgradeState>) {
        self.target = target
    }

    /// The state as it stands after the events recorded so far.
    var state: ClusterUpgradeState {
        _read { yield target.pointee }
    }

    mutating func record(_ event: UpgradeEvent) {
        events.append(event)
        ClusterUpgradeDecider.apply(event, to: &target.pointee)
    }

    /// Runs `body` with a recorder that works on `state`; the recorder must not escape `body`.
    static func recording<Result>(on state: inout ClusterUpgradeState, _ body: (inout EventRecorder) -> Result) -> Result {
        withUnsafeMutablePointer(to: &state) { pointer in
            var recorder = EventRecorder(pointer)
            return body(&recorder)
        }
    }
}
