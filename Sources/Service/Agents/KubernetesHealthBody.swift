/// The body of `POST /v1/agents/{cluster}/health`.
struct KubernetesHealthBody: Decodable, Sendable, Equatable {
    /// `healthy` or `down`.
    var kubernetes: String
}

extension KubernetesHealthBody: KeyedBody {
    /// Its one key (ADR 0024): another is a 400 naming it, as for every other body.
    static let bodyKeys = BodyKeys.object([("kubernetes", .anything)])
}

extension KubernetesHealthBody {
    /// The body read without `JSONDecoder` when it is `kubernetes` alone with a plain string (what
    /// agents send); nil otherwise, and the caller decodes it the general way, which checks its keys.
    init?(flat bytes: UnsafeRawBufferPointer) {
        guard let object = FlatJSONObject.parse(bytes), object.entries.count == 1,
              case .string(let kubernetes)? = object["kubernetes"]
        else { return nil }
        self.kubernetes = kubernetes
    }
}
