extension Behavior {
    /// How a rule's text says this behaviour: `repaves`, `reboots`, …
    var ruleVerb: String {
        switch self {
        case .repave: "repaves"
        case .reboot: "reboots"
        case .serviceRestart: "restarts services"
        case .configReload: "reloads configuration"
        case .noOp: "is a no-op"
        }
    }
}
