import UpgradeDomain

/// A timeline `changeTemplate`: a new template, new variables, or both. `variables` is a JSON
/// merge patch (RFC 7386) over the deployment's current variables.
public struct TemplateChangeRequest: Sendable {
    public var template: String?
    public var variables: TemplateValue?

    public init(template: String? = nil, variables: TemplateValue? = nil) {
        self.template = template
        self.variables = variables
    }

    /// The complete variables after applying the patch to `current`.
    public func variables(over current: TemplateValue) -> TemplateValue {
        guard let variables else { return current }
        return Self.merge(variables, into: current)
    }

    /// RFC 7386: objects merge member by member, `null` removes a member, anything else replaces.
    static func merge(_ patch: TemplateValue, into target: TemplateValue) -> TemplateValue {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = merge(value, into: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
