extension CAPIWatchEventParser {
    /// Every member of a watch line that ``parse(line:)`` and ``parseObject(_:)`` look at; the
    /// line's reader leaves the rest out (`metadata.managedFields`, annotations, most of `spec`
    /// and `status`) after checking it is JSON. A member read there must be named here, or it
    /// reads as absent: `CAPIWatchLineDifferentialTests` compares every field with the whole tree.
    static let lineFields: JSONSelection = .members([
        "type": .whole, "kind": .whole, "apiVersion": .whole,
        "object": .members([
            "apiVersion": .whole, "kind": .whole,
            // An ERROR event's Status.
            "reason": .whole, "message": .whole, "code": .whole,
            "metadata": .members([
                "uid": .whole, "resourceVersion": .whole, "name": .whole, "namespace": .whole,
                "labels": .whole, "ownerReferences": .whole, "generation": .whole,
                "creationTimestamp": .whole, "deletionTimestamp": .whole,
            ]),
            "spec": .members([
                "clusterName": .whole, "version": .whole, "replicas": .whole,
                "strategy": .members(["type": .whole]),
                "rollout": .members(["strategy": .members(["type": .whole])]),
            ]),
            "status": .members([
                "observedGeneration": .whole, "phase": .whole, "conditions": .whole,
                "failureReason": .whole, "failureMessage": .whole,
                "replicas": .whole, "readyReplicas": .whole, "availableReplicas": .whole,
                "updatedReplicas": .whole, "upToDateReplicas": .whole,
                "v1beta2": .members(["conditions": .whole, "upToDateReplicas": .whole]),
                "deprecated": .members(["v1beta1": .members([
                    "failureReason": .whole, "failureMessage": .whole, "conditions": .whole,
                    "updatedReplicas": .whole,
                ])]),
            ]),
        ]),
    ])
}
