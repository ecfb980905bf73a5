import Engine
import Service
import Simulator

extension EventPayloadCheck {
    /// Every event type this orchestrator writes: the engine's, the service's and the replay's.
    static let orchestrator = EventPayloadCheck.engine
        .adding(ServiceEventTypes.decoders)
        .adding([ClustersAssigned.typeName: EventPayloadCheck.decoding(ClustersAssigned.self)])
}
