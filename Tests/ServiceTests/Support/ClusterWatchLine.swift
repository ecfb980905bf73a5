import HummingbirdTesting
import Testing

/// The least watch data a deployment needs before a template change: its Cluster, ADDED. A change
/// before any watch data is refused (409 `noClusterAPIStatusObserved`).
enum ClusterWatchLine {
    /// One `kubectl get … --watch --output-watch-events` line: the v1beta2 Cluster `name` in `namespace`.
    static func added(_ name: String, namespace: String = "default") -> String {
        #"{"type":"ADDED","object":{"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster","metadata":"#
            + #"{"name":"\#(name)","namespace":"\#(namespace)","uid":"cluster-\#(name)","resourceVersion":"1","generation":1},"#
            + #""status":{"observedGeneration":1,"conditions":[{"type":"Available","status":"True","reason":"Available"}]}}}"#
    }

    /// Posts the Cluster of deployment `id` to its watch; expects 200.
    static func post(_ id: String, cluster name: String, namespace: String = "default", _ client: some TestClientProtocol) async throws {
        let (status, body) = try await client.call(
            .post, "/v1/deployments/\(id)/watch", token: "operator-token", json: added(name, namespace: namespace) + "\n")
        #expect(status == .ok, "\(body)")
    }
}
