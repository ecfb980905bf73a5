import UpgradeDomain

/// What a template-based class's deployments point at before any change.
public struct TemplateClassSettings: Sendable {
    /// The template every deployment of the class starts on (defined in `$.templates`).
    public var template: String
    /// The deployments' template variables (k0rdent `spec.config`).
    public var variables: TemplateValue

    public init(template: String, variables: TemplateValue = .emptyObject) {
        self.template = template
        self.variables = variables
    }
}
