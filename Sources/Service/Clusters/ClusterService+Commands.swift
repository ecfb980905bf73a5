import Engine
import EventStore
import Foundation
import UpgradeDomain

extension ClusterService {
    /// Registers an edge cluster on a published profile version. Behind the gate of profile edits,
    /// as `assign` is: a cluster registered on the content of an edit stored but not yet fanned out
    /// would otherwise be told of that edit again by its fan-out.
    func register(_ body: ClusterRegistration, actor: String) async throws -> EdgeClusters.Outcome {
        try await edits.run {
            guard let document = try await self.catalog.document(body.profile.reference) else {
                throw APIError.notFound("profile \(body.profile.reference) is not published")
            }
            let cluster = try body.cluster(on: try document.profileVersion())
            if try await self.edges.state(of: body.id).state.cluster != nil {
                throw APIError.conflict("cluster \(body.id) is already registered")
            }
            let outcome = try await self.executeAccepted(.registerCluster(cluster, policy: body.upgradePolicy, at: self.clock.now()),
                                                         on: body.id, actor: actor)
            try await self.directory.add(body.id)
            return outcome
        }
    }

    /// Moves a cluster to another published profile version: the assessment classifies the
    /// change (with the cluster's overrides) and the decider plans, queues or refuses it.
    /// During an upgrade the change is assessed from the version under way, where the cluster
    /// will be when a queued change's turn comes (ADR 0003). `forceSkipMinor` lets a skipped
    /// Kubernetes minor through; the accepted change records it (`forcedMinorSkip`).
    ///
    /// Behind the gate of profile edits (`edits`), from reading the versions to recording the
    /// change: an edit stored but not yet fanned out would otherwise reach a cluster twice, once
    /// as the content this assignment read and once as the fan-out, which finds the cluster heading
    /// to the version (two upgrades, or the edit queued behind itself). Skipping, in the fan-out, a
    /// cluster whose change already carries the edited content would mend that one order only: an
    /// assignment that read the version before the edit was stored and recorded its change after the
    /// fan-out listed the fleet would never be told of the edit, and a fan-out of an edit of the
    /// version a cluster is leaving, listed before the assignment was recorded, would call the cluster
    /// back to it. Behind the gate an assignment comes wholly before an edit or wholly after it. It
    /// waits for a fan-out under way, which takes as long as that edit has clusters to tell.
    func assign(
        _ target: ProfileReference, to id: String, actor: String, forceSkipMinor: MinorSkipOverride? = nil
    ) async throws -> EdgeClusters.Outcome {
        try await edits.run {
            let (cluster, state) = try await self.registered(id)
            guard let next = try await self.catalog.document(target) else { throw APIError.notFound("profile \(target) is not published") }
            let base = state.active?.accepted.change.target ?? cluster.profile
            guard let current = try await self.catalog.document(base) else {
                throw APIError.notFound("the cluster's current profile \(base) is not published")
            }
            let change = ProfileAssessment.assess(
                from: try current.profileVersion(), to: try next.profileVersion(),
                overrides: try await self.overrides.values(of: id), requestedBy: actor, forceSkipMinor: forceSkipMinor
            ).change
            return try await self.executeAccepted(.changeProfile(change, at: self.clock.now()), on: id, actor: actor)
        }
    }

    /// Replaces a cluster's overrides: an update of that cluster alone (seed 003: the change is
    /// classified, and a repave waits for approval). The version the cluster is heading to is
    /// assessed with the overrides it has and with the new ones, and the change goes to the decider
    /// (planned, or queued behind the upgrade under way) before the overrides are stored: a refusal
    /// (409) stores nothing, and a retry after a crash in between finds the change already made.
    /// Overrides that change no value send nothing; the same document again stores nothing either.
    /// Returns the decider's outcome, if it was asked. Behind the gate of profile edits, as `assign`
    /// is: the version's content read here and the overrides an edit's fan-out reads are then one
    /// edit's, before or after it, never a mix.
    func setOverrides(_ document: ClusterOverrides.Document, on id: String, actor: String) async throws -> EdgeClusters.Outcome? {
        try await edits.run { try await self.replaceOverrides(document, on: id, actor: actor) }
    }

    private func replaceOverrides(_ document: ClusterOverrides.Document, on id: String, actor: String) async throws -> EdgeClusters.Outcome? {
        let (cluster, state) = try await registered(id)
        let new = try ClusterOverrides.values(of: document)
        let stored = try await overrides.document(of: id)
        guard stored != document else { return nil }
        let old = try ClusterOverrides.values(of: stored)
        var outcome: EdgeClusters.Outcome?
        if new != old {
            let destination = ProfileEditFanOut.destination(of: state) ?? cluster.profile
            guard let version = try await catalog.document(destination) else {
                throw APIError.notFound("the cluster's profile \(destination) is not published")
            }
            let profile = try version.profileVersion()
            let assessment = ProfileAssessment.assess(from: profile, to: profile, overrides: new, oldOverrides: old, requestedBy: actor)
            if assessment.layers.contains(where: { !$0.classification.changes.isEmpty }) {
                outcome = try await executeAccepted(.changeProfile(assessment.change, at: clock.now()), on: id, actor: actor)
            }
        }
        try await overrides.set(document, on: id, actor: actor, at: clock.now())
        return outcome
    }

    /// Records the inventory's status of a registered edge cluster (an unchanged status records
    /// nothing). While it is `provisioning` or `deleting` the decider refuses profile changes.
    func reportStatus(_ status: ClusterStatus, of id: String, actor: String) async throws -> EdgeClusters.Outcome {
        _ = try await registered(id)
        return try await executeAccepted(.reportClusterStatus(status, at: clock.now()), on: id, actor: actor)
    }

    /// Approve, deny, pause, resume or cancel; with `upgrade`, only that upgrade (refused when
    /// another is under way). With `separateApprover`, an approval by the one who asked for the
    /// change is refused (ADR 0027); a denial is not: anyone may withdraw their own repave.
    func operatorCommand(
        _ verb: OperatorVerb, on id: String, actor: String, comment: String, upgrade: Int? = nil, separateApprover: Bool = false
    ) async throws -> EdgeClusters.Outcome {
        _ = try await registered(id)
        let now = clock.now()
        let command: UpgradeCommand = switch verb {
        case .approve: .approveRepave(actor: actor, comment: comment, upgrade: upgrade, separateFromRequester: separateApprover, at: now)
        case .deny: .denyRepave(actor: actor, comment: comment, upgrade: upgrade, at: now)
        case .pause: .pause(actor: actor, comment: comment, upgrade: upgrade, at: now)
        case .resume: .resume(actor: actor, comment: comment, upgrade: upgrade, at: now)
        case .cancel: .cancel(actor: actor, comment: comment, upgrade: upgrade, at: now)
        }
        return try await executeAccepted(command, on: id, actor: actor)
    }
}

/// The operator's verbs on a cluster's upgrade.
enum OperatorVerb: String, CaseIterable, Sendable {
    case approve, deny, pause, resume, cancel

    /// Approving or denying a repave takes an approver; the rest an operator.
    var role: Role { self == .approve || self == .deny ? .approver : .operator }
}
