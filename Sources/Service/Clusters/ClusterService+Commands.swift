import Engine
import EventStore
import Foundation
import UpgradeDomain

extension ClusterService {
    /// Registers an edge cluster on a published profile version.
    func register(_ body: ClusterRegistration, actor: String) async throws -> EdgeClusters.Outcome {
        guard let document = try await catalog.document(body.profile.reference) else {
            throw APIError.notFound("profile \(body.profile.reference) is not published")
        }
        let cluster = try body.cluster(on: try document.profileVersion())
        if try await edges.state(of: body.id).state.cluster != nil {
            throw APIError.conflict("cluster \(body.id) is already registered")
        }
        let outcome = try await executeAccepted(.registerCluster(cluster, policy: body.upgradePolicy, at: clock.now()),
                                                on: body.id, actor: actor)
        try await directory.add(body.id)
        return outcome
    }

    /// Moves a cluster to another published profile version: the assessment classifies the
    /// change (with the cluster's overrides) and the decider plans, queues or refuses it.
    /// During an upgrade the change is assessed from the version under way, where the cluster
    /// will be when a queued change's turn comes (ADR 0003). `forceSkipMinor` lets a skipped
    /// Kubernetes minor through; the accepted change records it (`forcedMinorSkip`).
    func assign(
        _ target: ProfileReference, to id: String, actor: String, forceSkipMinor: MinorSkipOverride? = nil
    ) async throws -> EdgeClusters.Outcome {
        let (cluster, state) = try await registered(id)
        guard let next = try await catalog.document(target) else { throw APIError.notFound("profile \(target) is not published") }
        let base = state.active?.accepted.change.target ?? cluster.profile
        guard let current = try await catalog.document(base) else {
            throw APIError.notFound("the cluster's current profile \(base) is not published")
        }
        let change = ProfileAssessment.assess(
            from: try current.profileVersion(), to: try next.profileVersion(),
            overrides: try await overrides.values(of: id), requestedBy: actor, forceSkipMinor: forceSkipMinor
        ).change
        return try await executeAccepted(.changeProfile(change, at: clock.now()), on: id, actor: actor)
    }

    /// Replaces a cluster's overrides: an update of that cluster alone (seed 003: the change is
    /// classified, and a repave waits for approval). The version the cluster is heading to is
    /// assessed with the overrides it has and with the new ones, and the change goes to the decider
    /// (planned, or queued behind the upgrade under way) before the overrides are stored: a refusal
    /// (409) stores nothing, and a retry after a crash in between finds the change already made.
    /// Overrides that change no value send nothing; the same document again stores nothing either.
    /// Returns the decider's outcome, if it was asked.
    func setOverrides(_ document: ClusterOverrides.Document, on id: String, actor: String) async throws -> EdgeClusters.Outcome? {
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

    /// An edit in place of a profile version reaches every edge cluster on that version or heading
    /// to it, and none leaving it (`ProfileEditFanOut.destination`).
    /// `only`: just these clusters (finishing an edit whose fan-out was cut short).
    func fanOut(editOf before: ProfileDocument, to after: ProfileDocument, actor: String, only: Set<String>? = nil) async throws -> [String: String] {
        let (entries, _) = try await fanOutEntries(editOf: before, to: after, actor: actor)
        var results: [String: String] = [:]
        for entry in entries where only?.contains(entry.cluster.rawValue) ?? true {
            let outcome = try await execute(entry.command, on: entry.cluster.rawValue, actor: actor)
            results[entry.cluster.rawValue] = outcome.refusal.map { "refused: \(RefusalText.describe($0.reason))" }
                ?? outcome.events.first?.typeName ?? "unchanged"
        }
        return results
    }

    /// The edit's command for each cluster it reaches, with the states they were decided for.
    private func fanOutEntries(editOf before: ProfileDocument, to after: ProfileDocument, actor: String) async throws
        -> ([ProfileEditFanOut.Entry], [ClusterID: ClusterUpgradeState]) {
        // Every kept state in one visit to the engine, not one visit and one store read per cluster.
        let states = try await edges.states(of: directory.all())
        let old = try before.profileVersion(), new = try after.profileVersion()
        var perCluster: [ClusterID: [String: PackValues]] = [:]
        for cluster in ProfileEditFanOut.affectedClusters(byEditOf: after.reference, in: states) {
            perCluster[cluster.id] = try await overrides.values(of: cluster.id.rawValue)
        }
        let entries = ProfileEditFanOut.commands(forEditOf: after.reference, in: states, at: clock.now()) { cluster in
            ProfileAssessment.assess(from: old, to: new, overrides: perCluster[cluster.id] ?? [:], requestedBy: actor).change
        }
        var byID: [ClusterID: ClusterUpgradeState] = [:]
        for state in states { if let id = state.cluster?.id { byID[id] = state } }
        return (entries, byID)
    }

    /// Refuses an edit that a cluster it reaches would refuse (a downgrade, a skipped minor, a CNI
    /// swap on edge…), before the edit is stored: a version is shared, and an edit stored for
    /// some clusters and refused by others would leave those others on content that is not the
    /// version's, assessed against the wrong baseline by the next edit. 409 naming each refusal.
    func checkEdit(of before: ProfileDocument, to after: ProfileDocument, actor: String) async throws {
        let (entries, states) = try await fanOutEntries(editOf: before, to: after, actor: actor)
        var refusals: [(cluster: String, why: String)] = []
        for entry in entries {
            guard let state = states[entry.cluster], case .failure(let refusal) = ClusterUpgradeDecider.decide(entry.command, state) else { continue }
            refusals.append((entry.cluster.rawValue, RefusalText.describe(refusal.reason)))
        }
        guard let first = refusals.first else { return }
        let more = refusals.count > 1 ? " (and \(refusals.count - 1) more cluster\(refusals.count > 2 ? "s" : ""))" : ""
        throw APIError(.conflict, code: "edit_refused",
                       "the edit of \(after.reference) is not made: cluster \(first.cluster) refuses it: \(first.why)\(more)",
                       details: Dictionary(uniqueKeysWithValues: refusals.map { ($0.cluster, $0.why) }))
    }

    /// Records that the edit at `position` reached every cluster it fans out to.
    func recordFanOut(of reference: ProfileReference, editAt position: UInt64, actor: String) async throws {
        let data = try DomainEventCodec.encode(ProfileEditFannedOut(profile: reference, edit: position), type: ProfileEditFannedOut.typeName,
                                               id: TimeOrderedEventID.next(), at: clock.now().millisecondsSinceEpoch, actor: actor)
        try await store.append(to: ProfileEditFannedOut.stream(reference.name), expected: .any, events: [data])
    }

    /// Finishes every edit whose fan-out was cut short (no `ProfileEditFannedOut` for it): the
    /// clusters on the edited version with nothing recorded since the edit get it now, assessed
    /// from the version as it was before. Only a version's latest edit, and only while it is the
    /// version's content, is finished. Returns how many clusters it reached.
    func finishFanOuts() async throws -> Int {
        let finished = Set(try store.events(ofType: ProfileEditFannedOut.typeName, limit: .max).compactMap {
            try? DomainEventCodec.decode(ProfileEditFannedOut.self, from: $0).edit
        })
        var latest: [ProfileReference: (position: UInt64, actor: String)] = [:]
        for event in try store.events(ofType: ProfileCatalog.edited, limit: .max) {
            latest[try DomainEventCodec.decode(ProfileDocument.self, from: event).reference] = (event.position, event.actor)
        }
        var reached = 0
        for (reference, edit) in latest.sorted(by: { $0.value.position < $1.value.position }) where !finished.contains(edit.position) {
            let history = try await catalog.history(of: reference.name).filter { $0.document.version == reference.version }
            guard let after = history.last, after.position == edit.position,
                  let before = history.last(where: { $0.position < edit.position })?.document else { continue }
            let states = try await edges.states(of: directory.all())
            var missed: Set<String> = []
            for cluster in ProfileEditFanOut.affectedClusters(byEditOf: reference, in: states) {
                let id = cluster.id.rawValue
                let last = try store.readStream(EdgeClusters.stream(id), backward: true, limit: 1).first?.position ?? 0
                if last < edit.position { missed.insert(id) }
            }
            if !missed.isEmpty {
                logger.info("finishing a profile edit cut short", metadata: ["profile": "\(reference)", "clusters": "\(missed.count)"])
                reached += try await fanOut(editOf: before, to: after.document, actor: edit.actor, only: missed).count
            }
            try await recordFanOut(of: reference, editAt: edit.position, actor: "orchestrator")
        }
        return reached
    }

    /// Records the inventory's status of a registered edge cluster (an unchanged status records
    /// nothing). While it is `provisioning` or `deleting` the decider refuses profile changes.
    func reportStatus(_ status: ClusterStatus, of id: String, actor: String) async throws -> EdgeClusters.Outcome {
        _ = try await registered(id)
        return try await executeAccepted(.reportClusterStatus(status, at: clock.now()), on: id, actor: actor)
    }

    /// Approve, deny, pause, resume or cancel; with `upgrade`, only that upgrade (refused when
    /// another is under way).
    func operatorCommand(_ verb: OperatorVerb, on id: String, actor: String, comment: String, upgrade: Int? = nil) async throws -> EdgeClusters.Outcome {
        _ = try await registered(id)
        let now = clock.now()
        let command: UpgradeCommand = switch verb {
        case .approve: .approveRepave(actor: actor, comment: comment, upgrade: upgrade, at: now)
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
