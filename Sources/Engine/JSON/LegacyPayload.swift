import Foundation
import UpgradeDomain

/// Rewrites a domain event stored in schema 1 to the schema 2 text, so old stores read (and show)
/// as new ones do. See ADR 0013.
///
/// Schema 1 was Swift's synthesized `Codable` form. It differs from schema 2 in four ways, each
/// undone here:
/// - the event sits under its case name, its unlabelled value under `_0`
///   (`{"nodeStepSucceeded":{"_0":{…}}}`);
/// - identifiers are `{"rawValue":"…"}` and times `{"millisecondsSinceEpoch":N}`;
/// - a rollout value is `{"count":{"_0":N}}` or `{"percent":{"_0":N}}` (now `N` or `"N%"`);
/// - the unlabelled value of an inner case is under `_0` (now under a name, `innerNames`).
///
/// The rewrite goes by shape, not by type, so a user's own value (a Cluster API object's field)
/// of exactly one of those shapes would be rewritten too; schema 1 was written only by the
/// development builds before 2026-11-30.
enum LegacyPayload {
    /// The schema 2 text of `payload`, a schema 1 domain event of stored type `type`.
    static func rewrite(_ payload: Data, type: String) throws -> Data {
        // `TemplateValue` is the domain's JSON value; written back through `CompactJSONEncoder`,
        // keys come out in byte order as every stored payload's do.
        let value = try JSONValueParser.parse(payload)
        return Data(try CompactJSONEncoder().encode(rewritten(try unwrapped(value, type: type))))
    }

    /// A schema 1 payload whose case is another type's than the envelope's.
    struct OtherCase: Error {
        /// The stored type the payload's case belongs to.
        let held: String
    }

    /// The event's values out of `{"caseName":{…}}`: the unlabelled one alone, or all under their labels.
    private static func unwrapped(_ value: TemplateValue, type: String) throws -> TemplateValue {
        guard case .object(let outer) = value, outer.count == 1, let (caseName, inner) = outer.first else { return value }
        guard caseName == Self.caseName(of: type) else {
            // Another known case is another event's data; any other key is no event at all, and
            // decoding says what is missing.
            let family = UpgradeEvent.typeNames.contains(type) ? UpgradeEvent.typeNames : TemplateUpgradeEvent.typeNames
            if let held = family.first(where: { Self.caseName(of: $0) == caseName }) { throw OtherCase(held: held) }
            return value
        }
        guard case .object(var fields) = inner else { return value }
        guard let first = fields.removeValue(forKey: "_0") else { return .object(fields) }
        guard let name = UpgradeEventPayload.firstValueNames[type] ?? TemplateUpgradeEventPayload.firstValueNames[type] else {
            return first
        }
        fields[name] = first
        return .object(fields)
    }

    /// The enum case schema 1 named an event of stored type `type` by: the type with a lower-case
    /// first letter, template types without their `Template` prefix.
    static func caseName(of type: String) -> String {
        let special = ["ClusterAPIObjectObserved": "objectObserved", "UpgradeTelemetryRecorded": "telemetryRecorded"]
        if let name = special[type] { return name }
        let name = TemplateUpgradeEvent.typeNames.contains(type) && type.hasPrefix("Template") ? String(type.dropFirst("Template".count)) : type
        return name.prefix(1).lowercased() + name.dropFirst()
    }

    /// The names the unlabelled values of inner cases now go by, by case name.
    static let innerNames: [String: [String: String]] = [
        "reported": ["_0": "message"],
        "invalidCluster": ["_0": "error"], "unsupportedClusterKind": ["_0": "kind"],
        "unparseableKubernetesVersion": ["_0": "version"], "unknownNode": ["_0": "node"],
        "duplicateNode": ["_0": "node"], "duplicatePool": ["_0": "pool"], "invalidRolloutBudget": ["_1": "error"],
        "controlPlane": ["_0": "kind"], "other": ["_0": "kind"],
        "added": ["_0": "object"], "modified": ["_0": "object"], "deleted": ["_0": "object"], "error": ["_0": "status"],
        "phase": ["_0": "phase"],
    ]

    private static func rewritten(_ value: TemplateValue) -> TemplateValue {
        switch value {
        case .array(let items): return .array(items.map(rewritten))
        case .object(let members): return rewritten(members)
        default: return value
        }
    }

    private static func rewritten(_ members: [String: TemplateValue]) -> TemplateValue {
        if members.count == 1, let (key, inner) = members.first {
            switch (key, inner) {
            case ("rawValue", .string), ("millisecondsSinceEpoch", .integer): return inner
            case ("count", .object(let payload)), ("percent", .object(let payload)):
                if payload.count == 1, case .integer(let number)? = payload["_0"] {
                    return key == "count" ? .integer(number) : .string("\(number)%")
                }
            default: break
            }
        }
        var result: [String: TemplateValue] = [:]
        for (key, inner) in members {
            let value = rewritten(inner)
            guard case .object(var fields) = value, let names = innerNames[key] else {
                result[key] = value
                continue
            }
            for (old, new) in names {
                if let moved = fields.removeValue(forKey: old) { fields[new] = moved }
            }
            result[key] = .object(fields)
        }
        return .object(result)
    }
}
