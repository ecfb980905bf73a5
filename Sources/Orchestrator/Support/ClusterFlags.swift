import ArgumentParser
import Engine
import EventStore

/// The `--cluster` of the audit and state commands: each value must be a cluster id whose stream
/// (`cluster/ID`) the store can hold, and each the store does not know gets a note (an empty
/// answer is then no surprise).
enum ClusterFlags {
    static func validate(_ clusters: [String]) throws {
        for cluster in clusters {
            if cluster.isEmpty { throw ValidationError("--cluster is empty (a cluster id is 1 to \(KeyName.maxBytes - 8) bytes)") }
            guard let problem = KeyName.problem(with: EdgeClusters.stream(cluster)) else { continue }
            throw ValidationError("--cluster: its stream, cluster/ID, \(problem) (a stream id is 1 to \(KeyName.maxBytes) bytes)")
        }
    }

    /// The clusters the store has no stream for, each once, in the order given.
    static func unknown(_ clusters: [String], in store: EventStore) throws -> [String] {
        var seen = Set<String>()
        var unknown: [String] = []
        for cluster in clusters where seen.insert(cluster).inserted {
            if try store.lastRevision(of: EdgeClusters.stream(cluster)) == nil { unknown.append(cluster) }
        }
        return unknown
    }
}
