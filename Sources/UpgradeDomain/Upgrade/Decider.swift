/// The Decider pattern: `decide(command, state) -> events or refusal`, `evolve(state, event) -> state`,
/// and an explicit initial state. State is never stored; it is the fold of the events.
public struct Decider<Command, Event, State, Refusal: Error> {
    /// The state before any event.
    public let initial: State
    /// Pure: what should happen for `command` in `state`, or why not.
    public let decide: @Sendable (Command, State) -> Result<[Event], Refusal>
    /// Pure and total: the state after `event`.
    public let evolve: @Sendable (State, Event) -> State

    /// Creates a decider.
    public init(
        initial: State,
        decide: @escaping @Sendable (Command, State) -> Result<[Event], Refusal>,
        evolve: @escaping @Sendable (State, Event) -> State
    ) {
        self.initial = initial
        self.decide = decide
        self.evolve = evolve
    }

    /// The state after `events`, starting from `initial`.
    public func fold(_ events: some Sequence<Event>) -> State {
        fold(events, from: initial)
    }

    /// The state after `events`, starting from `state`.
    public func fold(_ events: some Sequence<Event>, from state: State) -> State {
        events.reduce(state, evolve)
    }
}

extension Decider: Sendable where State: Sendable {}
