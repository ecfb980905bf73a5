extension ClusterHistory {
    /// The cluster id of a `cluster/<id>` stream (the stream name itself otherwise).
    public static func cluster(ofStream stream: String) -> String {
        stream.hasPrefix("cluster/") ? String(stream.dropFirst("cluster/".count)) : stream
    }
}
