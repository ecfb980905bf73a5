import Engine
import EventStore
import Foundation
import UpgradeDomain

extension ClusterService {
    /// Edits a published profile version in place and fans the edit out to every edge cluster on it
    /// or heading to it (`ProfileEditFanOut.destination`); returns cluster id → what the edit did to it.
    ///
    /// One edit at a time, from the check to the record that it reached everyone: two edits of a
    /// version interleaved would assess some clusters from content they never received. An
    /// assignment waits for the edit too (`assign`), so the fan-out's list of clusters on the
    /// version is the list at the time the edit was stored. An
    /// earlier edit of the profile whose fan-out was cut short is finished first, so each cluster
    /// gets the edits in the order they were made. The same content again stores nothing.
    func edit(_ document: ProfileDocument, actor: String) async throws -> [String: String] {
        _ = try document.assessableVersion()  // a bad document is a 400 before any cluster is asked
        return try await edits.run {
            _ = try await self.finishCutShortEdits(of: document.name)
            if let current = try await self.catalog.document(document.reference) {
                if current == document { return [:] }
                // Refused by a cluster on the version, the edit is not stored at all.
                try await self.checkEdit(of: current, to: document, actor: actor)
            }
            let (before, event) = try await self.catalog.edit(document, actor: actor, at: self.clock.now())
            await self.hooks.editStored?()
            let results = try await self.fanOut(editOf: before, to: document, causedBy: event.id, actor: actor)
            try await self.recordFanOut(of: document.reference, editAt: event.position, actor: actor)
            return results
        }
    }

    /// Finishes every edit whose fan-out was cut short (no `ProfileEditFannedOut` for it), in the
    /// order the edits were made: each cluster that still awaits one gets it, assessed from the
    /// version as it was before that edit. Returns how many clusters it reached.
    func finishFanOuts() async throws -> Int {
        try await edits.run { try await self.finishCutShortEdits(of: nil) }
    }

    /// `finishFanOuts` for the edits of one profile, or of all (`nil`); the caller holds `edits`.
    private func finishCutShortEdits(of name: String?) async throws -> Int {
        let records = try name.map { try store.readStream(ProfileEditFannedOut.stream($0)) }
            ?? store.events(ofType: ProfileEditFannedOut.typeName, limit: .max)
        let finished = Set(records.compactMap { try? DomainEventCodec.decode(ProfileEditFannedOut.self, from: $0).edit })
        let names = try name.map { [$0] }
            ?? Set(store.events(ofType: ProfileCatalog.edited, limit: .max).map { String($0.stream.dropFirst("profile/".count)) }).sorted()
        var cutShort: [ProfileCatalog.Edit] = []
        for name in names {
            cutShort += try await catalog.edits(of: name).filter { !finished.contains($0.event.position) }
        }
        var reached = 0
        for edit in cutShort.sorted(by: { $0.event.position < $1.event.position }) {
            reached += try await finish(edit)
        }
        return reached
    }

    /// Sends a cut-short edit to the clusters that await it, then records it complete.
    ///
    /// A cluster the edit reached carries it: every event its fan-out recorded on the cluster's
    /// stream has the edit's event as its cause. One without such an event awaits the edit only
    /// if it was heading to the version when the edit was stored and has been since
    /// (`ProfileEditFanOut.awaits`): a report, a tick or new overrides since do not bring it the edit.
    private func finish(_ edit: ProfileCatalog.Edit) async throws -> Int {
        let reference = edit.after.reference
        var awaiting: Set<String> = []
        for cluster in ProfileEditFanOut.affectedClusters(byEditOf: reference, in: try await edges.states(of: directory.all())) {
            let recorded = try store.readStream(EdgeClusters.stream(cluster.id.rawValue))
            if recorded.contains(where: { $0.data.causationID == edit.event.id }) { continue }
            let destinations = try ClusterHistory.since(edit.event.position, in: recorded, observe: ProfileEditFanOut.destination(of:))
            if ProfileEditFanOut.awaits(editOf: reference, destinations: destinations) { awaiting.insert(cluster.id.rawValue) }
        }
        var reached = 0
        if !awaiting.isEmpty {
            logger.info("finishing a profile edit cut short",
                        metadata: ["profile": "\(reference)", "edit": "\(edit.event.position)", "clusters": "\(awaiting.count)"])
            reached = try await fanOut(editOf: edit.before, to: edit.after, causedBy: edit.event.id, actor: edit.actor, only: awaiting).count
        }
        try await recordFanOut(of: reference, editAt: edit.event.position, actor: "orchestrator")
        return reached
    }

    /// An edit in place of a profile version reaches every edge cluster on that version or heading
    /// to it, and none leaving it (`ProfileEditFanOut.destination`). Each cluster's events carry
    /// `causedBy`, the edit's event id, as their cause.
    /// `only`: just these clusters (finishing an edit whose fan-out was cut short).
    func fanOut(
        editOf before: ProfileDocument, to after: ProfileDocument, causedBy edit: UUID, actor: String, only: Set<String>? = nil
    ) async throws -> [String: String] {
        let (entries, _) = try await fanOutEntries(editOf: before, to: after, actor: actor)
        var results: [String: String] = [:]
        for entry in entries where only?.contains(entry.cluster.rawValue) ?? true {
            let outcome = try await execute(entry.command, on: entry.cluster.rawValue, actor: actor, causation: edit)
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
    private func checkEdit(of before: ProfileDocument, to after: ProfileDocument, actor: String) async throws {
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
    private func recordFanOut(of reference: ProfileReference, editAt position: UInt64, actor: String) async throws {
        let data = try DomainEventCodec.encode(ProfileEditFannedOut(profile: reference, edit: position), type: ProfileEditFannedOut.typeName,
                                               id: clock.newEventID(), at: clock.now().millisecondsSinceEpoch, actor: actor)
        try await store.append(to: ProfileEditFannedOut.stream(reference.name), expected: .any, events: [data])
    }
}
