/// Request bodies for a small RKE2 edge fleet.
enum FleetBodies {
    static func profile(_ version: String, kubernetes: String = "v1.30.4+rke2r1", os: String = "1.0.0") -> String {
        """
        {"name":"retail","version":"\(version)","distribution":"rke2","packs":[
          {"layer":"os","name":"edge-native-byoi","version":"\(os)","values":"options:\\n  system.registry: registry.example\\n"},
          {"layer":"kubernetes","name":"edge-rke2","version":"\(kubernetes)"},
          {"layer":"network","name":"cni-calico","version":"3.28.0"}]}
        """
    }

    /// One control-plane node and two workers, one node at a time.
    static func cluster(_ id: String) -> String {
        """
        {"id":"\(id)","profile":{"name":"retail","version":"1.0.0"},"pools":[
          {"id":"control-plane","role":"control-plane","nodes":["\(id)-cp1"],"maxSurge":"0","maxUnavailable":"1"},
          {"id":"workers","role":"worker","nodes":["\(id)-w1","\(id)-w2"],"maxSurge":"0","maxUnavailable":"1"}]}
        """
    }

    static let assign = #"{"name":"retail","version":"1.1.0"}"#
}
