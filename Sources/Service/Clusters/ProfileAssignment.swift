import UpgradeDomain

/// The body of `POST /v1/clusters/{id}/profile`: the published version to move to and, to skip a
/// Kubernetes minor version on purpose, why (`{"forceSkipMinor": {"reason": …}}`).
struct ProfileAssignment: Decodable, Sendable {
    /// The force as asked: a reason, and no actor (the force is the caller's).
    struct Force: Decodable, Sendable {
        var reason: String?
        var actor: String?
    }

    var name: String
    var version: String
    var forceSkipMinor: Force?

    var target: ProfileReference { ProfileReference(name: name, version: version) }

    /// The override the decider records when the change skips a minor, signed by `actor` (the
    /// caller's principal); nil without a force. A force without a reason, or naming its own
    /// actor, is a 400 naming the field.
    func minorSkipOverride(actor: String) throws -> MinorSkipOverride? {
        guard let force = forceSkipMinor else { return nil }
        if let named = force.actor {
            throw APIError.badRequest("forceSkipMinor.actor \(named) is not taken: a force is recorded as its caller (\(actor))")
        }
        guard let reason = force.reason, !reason.allSatisfy(\.isWhitespace) else {
            throw APIError.badRequest("forceSkipMinor.reason is required: say why the minor version is skipped (it is recorded with your name)")
        }
        return MinorSkipOverride(actor: actor, reason: reason)
    }
}

extension ProfileAssignment: KeyedBody {
    static let bodyKeys = BodyKeys.object([
        ("name", .anything), ("version", .anything),
        ("forceSkipMinor", .object([("reason", .anything), ("actor", .anything)])),
    ])
}
