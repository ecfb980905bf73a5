import Engine
import EventStore

/// The names in a scenario that become stream ids or actors in the store: a class's clusters write to
/// `cluster/<class>-00001` …, a profile to `profile/<name>`, and timeline and approval actors sign
/// events. Each is checked while parsing against the store's rule (`KeyName`: 1 to 400 bytes of
/// UTF-8, no NUL), so a name the store cannot hold is refused with its JSON path before anything
/// is written, never by the store halfway through a replay.
enum StoreKeys {
    /// A class name. Its clusters are numbered from 1 up to `count`, so the last has the longest id.
    static func className(_ node: JSONNode, count: Int) throws(ScenarioError) -> String {
        let name = try nonEmpty(node, "a class name")
        let stream = EdgeClusters.stream(FleetNames.clusterID(class: name, number: count))
        if let problem = KeyName.problem(with: stream) {
            let shown = EdgeClusters.stream(FleetNames.clusterID(class: "<class>", number: count))
            throw node.fail("the stream id of the class's last cluster, \(shown), \(problem)")
        }
        return name
    }

    /// A profile name, published on `profile/<name>`.
    static func profileName(_ node: JSONNode) throws(ScenarioError) -> String {
        let name = try nonEmpty(node, "a profile name")
        if let problem = KeyName.problem(with: ProfileDocument.stream(name)) {
            throw node.fail("the profile's stream id, \(ProfileDocument.stream("<name>")), \(problem)")
        }
        return name
    }

    /// An actor (who approves, denies or assigns).
    static func actor(_ node: JSONNode) throws(ScenarioError) -> String {
        let actor = try node.string()
        if let problem = KeyName.problem(with: actor) { throw node.fail("the actor \(problem)") }
        return actor
    }

    /// A string that is neither empty nor holds a NUL byte (which no stream id may).
    private static func nonEmpty(_ node: JSONNode, _ what: String) throws(ScenarioError) -> String {
        let name = try node.string()
        if name.isEmpty { throw node.fail("expected \(what), got an empty string") }
        if name.utf8.contains(0) { throw node.fail("contains a NUL byte, which no stream id in the store may") }
        return name
    }
}
