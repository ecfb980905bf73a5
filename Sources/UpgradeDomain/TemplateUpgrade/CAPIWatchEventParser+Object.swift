extension CAPIWatchEventParser {
    static let clusterNameLabel = "cluster.x-k8s.io/cluster-name"
    static let controlPlaneLabel = "cluster.x-k8s.io/control-plane"
    static let deploymentNameLabel = "cluster.x-k8s.io/deployment-name"

    /// Maps the `object` of an ADDED/MODIFIED/DELETED event.
    static func parseObject(_ object: CAPIJSONCursor) throws(CAPIWatchParseError) -> CAPIObject {
        let apiVersionCursor = try object.required("apiVersion")
        let apiVersionText = try apiVersionCursor.string()
        let parts = apiVersionText.split(separator: "/", omittingEmptySubsequences: false)
        let group = parts.count == 2 ? String(parts[0]) : ""
        let versionText = String(parts.last ?? "")
        guard let apiVersion = CAPIAPIVersion(rawValue: versionText) else {
            throw CAPIWatchParseError(
                path: apiVersionCursor.path,
                problem: .unsupportedValue(apiVersionText, expected: "GROUP/v1beta1 or GROUP/v1beta2"))
        }
        let kind = CAPIObjectKind(kind: try object.requiredString("kind"), group: group)
        let metadata = try object.required("metadata")
        let uid = try nonEmpty(metadata.required("uid"))
        let resourceVersion = try nonEmpty(metadata.required("resourceVersion"))
        let name = try metadata.requiredString("name")
        let labels = try stringMap(metadata.optional("labels"))
        let spec = try object.optional("spec")
        let status = try object.optional("status")
        var clusterName = labels[clusterNameLabel]
        if clusterName == nil { clusterName = try spec?.optionalString("clusterName") }
        if clusterName == nil, kind == .cluster { clusterName = name }
        let deprecated = try status?.optional(path: ["deprecated", "v1beta1"])
        let legacy = apiVersion == .v1beta1 ? status : deprecated
        return CAPIObject(
            kind: kind, apiVersion: apiVersion, uid: uid, resourceVersion: resourceVersion, name: name,
            namespace: try metadata.optionalString("namespace") ?? "",
            clusterName: clusterName,
            isControlPlaneMachine: kind == .machine && labels[controlPlaneLabel] != nil,
            deploymentName: labels[deploymentNameLabel],
            owners: try owners(metadata.optional("ownerReferences")),
            generation: try metadata.optionalInt("generation"),
            observedGeneration: try status?.optionalInt("observedGeneration"),
            creationTimestamp: try metadata.optionalString("creationTimestamp"),
            isBeingDeleted: try metadata.optional("deletionTimestamp") != nil,
            phase: try status?.optionalString("phase"),
            version: try spec?.optionalString("version"),
            failureReason: try legacy?.optionalString("failureReason"),
            failureMessage: try legacy?.optionalString("failureMessage"),
            conditions: try conditions(of: status, apiVersion: apiVersion),
            replicas: try replicas(spec: spec, status: status, apiVersion: apiVersion),
            rolloutStrategy: kind == .machineDeployment
                ? try spec?.optional(path: apiVersion == .v1beta1 ? ["strategy"] : ["rollout", "strategy"])?.optionalString("type")
                : nil)
    }

    private static func nonEmpty(_ cursor: CAPIJSONCursor) throws(CAPIWatchParseError) -> String {
        let text = try cursor.string()
        guard !text.isEmpty else { throw CAPIWatchParseError(path: cursor.path, problem: .missing) }
        return text
    }

    private static func stringMap(_ cursor: CAPIJSONCursor?) throws(CAPIWatchParseError) -> [String: String] {
        guard let cursor else { return [:] }
        var result: [String: String] = [:]
        for key in try cursor.members().keys.sorted() {
            result[key] = try cursor.required(key).string()
        }
        return result
    }

    private static func owners(_ cursor: CAPIJSONCursor?) throws(CAPIWatchParseError) -> [String] {
        guard let cursor else { return [] }
        var result: [String] = []
        for reference in try cursor.elements() {
            result.append("\(try reference.requiredString("kind"))/\(try reference.requiredString("name"))")
        }
        return result
    }

    private static func conditions(
        of status: CAPIJSONCursor?, apiVersion: CAPIAPIVersion
    ) throws(CAPIWatchParseError) -> [CAPICondition] {
        guard let status else { return [] }
        let secondaryPath = apiVersion == .v1beta1 ? ["v1beta2", "conditions"] : ["deprecated", "v1beta1", "conditions"]
        let secondaryFlavor: CAPIConditionFlavor = apiVersion == .v1beta1 ? .v1beta2 : .v1beta1
        var result = try conditionList(status.optional("conditions"), flavor: apiVersion.primaryConditionFlavor)
        result += try conditionList(status.optional(path: secondaryPath), flavor: secondaryFlavor)
        return result
    }

    private static func conditionList(
        _ cursor: CAPIJSONCursor?, flavor: CAPIConditionFlavor
    ) throws(CAPIWatchParseError) -> [CAPICondition] {
        guard let cursor else { return [] }
        var result: [CAPICondition] = []
        for item in try cursor.elements() {
            let statusCursor = try item.required("status")
            let statusText = try statusCursor.string()
            guard let status = CAPIConditionStatus(rawValue: statusText) else {
                throw CAPIWatchParseError(
                    path: statusCursor.path,
                    problem: .unsupportedValue(statusText, expected: "one of True, False, Unknown"))
            }
            result.append(CAPICondition(
                type: try item.requiredString("type"), status: status,
                reason: try item.optionalString("reason"), message: try item.optionalString("message"),
                severity: try item.optionalString("severity"),
                lastTransitionTime: try item.optionalString("lastTransitionTime"), flavor: flavor))
        }
        return result
    }

    private static func replicas(
        spec: CAPIJSONCursor?, status: CAPIJSONCursor?, apiVersion: CAPIAPIVersion
    ) throws(CAPIWatchParseError) -> CAPIReplicaCounts {
        var counts = CAPIReplicaCounts(desired: try spec?.optionalReplicaCount("replicas"))
        guard let status else { return counts }
        counts.current = try status.optionalReplicaCount("replicas")
        counts.ready = try status.optionalReplicaCount("readyReplicas")
        counts.available = try status.optionalReplicaCount("availableReplicas")
        switch apiVersion {
        case .v1beta1:
            counts.updated = try status.optionalReplicaCount("updatedReplicas")
            counts.upToDate = try status.optional(path: ["v1beta2"])?.optionalReplicaCount("upToDateReplicas")
        case .v1beta2:
            counts.upToDate = try status.optionalReplicaCount("upToDateReplicas")
            counts.updated = try status.optional(path: ["deprecated", "v1beta1"])?.optionalReplicaCount("updatedReplicas")
        }
        return counts
    }
}
