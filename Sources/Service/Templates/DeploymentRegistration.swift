import Engine
import Hummingbird
import UpgradeDomain

/// The body of `POST /v1/deployments`: a template-based cluster deployment (k0rdent style).
struct DeploymentRegistration: Decodable, Sendable {
    var clusterId: String
    var clusterName: String
    var namespace: String?
    var targetInfrastructure: String
    var template: String
    var variables: TemplateValue?
    /// Declared upgrade paths (ClusterTemplateChain `availableUpgrades`); absent: any target.
    var upgradePaths: [TemplateUpgradePath]?
    var controlPlaneReplicas: Int?
    var noProgressDeadlineMs: Int64?

    func deployment() throws -> TemplateDeployment {
        try PathSegment.check(clusterId, field: "clusterId", maxBytes: PathSegment.clusterIDMaxBytes)
        guard !clusterName.isEmpty else { throw APIError.badRequest("clusterName must not be empty") }
        guard !targetInfrastructure.isEmpty else {
            throw APIError.badRequest("targetInfrastructure must not be empty (it is the telemetry's target_infrastructure)")
        }
        try Self.checkTemplateName(template)
        try Self.requireObject(variables)
        if let noProgressDeadlineMs, !(1...UpgradePolicy.longestStepTimeoutMilliseconds).contains(noProgressDeadlineMs) {
            throw APIError.badRequest("noProgressDeadlineMs \(noProgressDeadlineMs) must be 1 to \(UpgradePolicy.longestStepTimeoutMilliseconds) (at most 366 days)")
        }
        if let controlPlaneReplicas, controlPlaneReplicas < 1 {
            throw APIError.badRequest("controlPlaneReplicas \(controlPlaneReplicas) must be 1 or more")
        }
        return TemplateDeployment(
            clusterId: clusterId, clusterName: clusterName, namespace: namespace, targetInfrastructure: targetInfrastructure,
            template: template, variables: variables ?? .emptyObject, upgradePaths: upgradePaths,
            controlPlaneReplicas: controlPlaneReplicas,
            noProgressDeadlineMilliseconds: noProgressDeadlineMs ?? TemplateDeployment.defaultNoProgressDeadlineMilliseconds)
    }

    /// A template name names a ClusterTemplate: not empty or blank, no control characters.
    static func checkTemplateName(_ template: String) throws {
        guard !template.allSatisfy(\.isWhitespace) else { throw APIError.badRequest("template must not be empty or blank") }
        guard !template.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("template must not contain control characters")
        }
    }

    /// The longest upgrade id: the store's limit on the names it keeps (it is written into every
    /// event of the upgrade, and shown by `audit` and `state`).
    static let upgradeIdMaxBytes = 400

    /// An upgrade id names one upgrade in messages, the audit and the correlation id: not empty
    /// or blank, no control characters, at most `upgradeIdMaxBytes`.
    static func checkUpgradeId(_ upgradeId: String) throws {
        guard !upgradeId.allSatisfy(\.isWhitespace) else {
            throw APIError.badRequest("upgradeId must not be empty or blank; leave it out for a generated one")
        }
        guard upgradeId.utf8.count <= upgradeIdMaxBytes else {
            throw APIError.badRequest("upgradeId is \(upgradeId.utf8.count) bytes long; at most \(upgradeIdMaxBytes) bytes (UTF-8) are allowed")
        }
        guard !upgradeId.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.badRequest("upgradeId must not contain control characters")
        }
    }

    /// A template's variables are one JSON object (name → value), when given, nested no deeper
    /// than `TemplateValue.maximumNestingDepth`: deeper ones could not be read back from the store.
    /// Every number must read back from the store exactly as it was sent (by value): one that would
    /// not (past 38 significant digits, or an exponent beyond −128 to 127) is a 400 naming its path,
    /// rather than a variable the deployment holds rounded.
    static func requireObject(_ variables: TemplateValue?) throws {
        guard let variables else { return }
        guard case .object = variables else { throw APIError.badRequest("variables should be an object") }
        let depth = variables.nestingDepth
        guard depth <= TemplateValue.maximumNestingDepth else {
            throw APIError.badRequest(
                "variables nest \(depth) levels deep; at most \(TemplateValue.maximumNestingDepth) are accepted, so that the stored event reads back")
        }
        if let (path, number) = variables.firstNumberNotStoredExactly(root: "variables") {
            throw APIError.badRequest(
                "\(path): the number \(number) cannot be kept exactly (numbers are kept to 38 significant digits, with exponents from -128 to 127); send it as a string")
        }
    }
}

/// A request body with template variables. `JSONDecoder` reads a number through `Double` or
/// `Decimal`, rounding one past their digits without a word, so the variables are read again from
/// the body's text, every number as written (by value).
protocol TemplateVariablesBody: Decodable {
    var variables: TemplateValue? { get set }
}

extension DeploymentRegistration: TemplateVariablesBody {}
extension TemplateChangeBody: TemplateVariablesBody {}

extension RequestBody {
    /// The body decoded as JSON into `type`, its `variables` exactly as the text has them.
    func decodeExactVariables<T: TemplateVariablesBody>(_ type: T.Type, from request: Request) async throws -> T {
        let data = try await bytes(of: request)
        var body = try decode(type, fromData: data)
        if body.variables != nil, case .object(let members)? = TemplateValue.exactJSON(data), let exact = members["variables"] {
            body.variables = exact == .null ? nil : exact
        }
        return body
    }
}

/// The body of `POST /v1/deployments/{id}/template`: move to another template (or variables).
struct TemplateChangeBody: Decodable, Sendable {
    var template: String
    var variables: TemplateValue?
    var targetKubernetesVersion: String?
    /// Names the upgrade; the server makes one from the time when absent.
    var upgradeId: String?
}

extension DeploymentRegistration: KeyedBody {
    static let bodyKeys = BodyKeys.object([
        ("clusterId", .anything), ("clusterName", .anything), ("namespace", .anything), ("targetInfrastructure", .anything),
        ("template", .anything), ("variables", .anything),
        ("upgradePaths", .array(.object([("template", .anything), ("availableUpgrades", .anything)]))),
        ("controlPlaneReplicas", .anything), ("noProgressDeadlineMs", .anything),
    ])
}

extension TemplateChangeBody: KeyedBody {
    static let bodyKeys = BodyKeys.object([
        ("template", .anything), ("variables", .anything), ("targetKubernetesVersion", .anything), ("upgradeId", .anything),
    ])
}
