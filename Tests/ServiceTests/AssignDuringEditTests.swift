import EventStore
import Foundation
import HummingbirdTesting
import Synchronization
import Testing
@testable import Service

/// A cluster assigned to a profile version while an edit of that version is stored but not yet
/// fanned out: it gets the edited content once, not once from the assignment and again from the
/// fan-out. On the server over loopback, store on disk; the edit is held between its store and its
/// fan-out (`ServiceHooks.editStored`), so the race happens every time.
@Suite("An assignment during a profile edit")
struct AssignDuringEditTests {
    @Test func anAssignmentMadeWhileAnEditIsFannedOutGetsTheEditOnce() async throws {
        let hold = Hold()
        var harness = ServiceHarness()
        harness.hooks.editStored = { await hold.hold() }
        try await harness.test(.live) { client, store, service in
            // store-a on retail@1.0.0; 1.1.0 is a Kubernetes patch (a reboot), no cluster on it yet.
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            // 1.1.0 edited in place: a Calico patch on top.
            let port = try #require(client.port)
            let (edit, editEvent) = try await Self.editHeld(
                Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"), port: port, store: store, hold: hold)
            // The assignment is either made now, reading the edited version, or waits for the edit.
            let assign = await Self.sentDuringEdit(service, hold) {
                try await LoopbackRequest.json(port: port, "POST", "/v1/clusters/store-a/profile", token: "operator-token",
                                               json: #"{"name":"retail","version":"1.1.0"}"#)
            }

            let (editStatus, editBody) = try await (edit.value.status, edit.value.body)
            #expect(editStatus == 200, "\(editBody)")
            let (assignStatus, assignBody) = try await (assign.value.status, assign.value.body)
            #expect(assignStatus == 202, "\(assignBody)")
            // The edit found no cluster on 1.1.0; the assignment brought the edited content.
            #expect(try ClusterFlowTests.json(editBody)["clusters"] as? [String: String] == [:], "\(editBody)")
            let told = try store.readStream("cluster/store-a").filter { $0.position > editEvent.position }
            #expect(told.count { $0.type == "ProfileChangeAccepted" } == 1, "\(told.map(\.type))")
            #expect(!told.contains { $0.type == "ProfileChangeQueued" }, "\(told.map(\.type))")
            #expect(!told.contains { $0.data.causationID == editEvent.id })
            let view = try await ProfileEditCutShortTests.view(client, "store-a")
            #expect(view["queuedTarget"] == nil, "\(view)")
        }
    }

    /// A cluster registered on a version while an edit of that version is held between its store
    /// and its fan-out: it is registered on the edited content and the fan-out does not tell it again.
    @Test func aClusterRegisteredWhileAnEditIsFannedOutIsNotToldOfItAgain() async throws {
        let hold = Hold()
        var harness = ServiceHarness()
        harness.hooks.editStored = { await hold.hold() }
        try await harness.test(.live) { client, store, service in
            try await ClusterFlowTests.setUp(client, newVersion: Fixtures.profile("1.1.0", kubernetes: "v1.30.5+rke2r1"))
            let port = try #require(client.port)
            let (edit, editEvent) = try await Self.editHeld(Fixtures.profile("1.0.0"), port: port, store: store, hold: hold)
            let register = await Self.sentDuringEdit(service, hold) {
                try await LoopbackRequest.json(port: port, "POST", "/v1/clusters", token: "operator-token", json: Fixtures.cluster("store-b"))
            }

            let (editStatus, editBody) = try await (edit.value.status, edit.value.body)
            #expect(editStatus == 200, "\(editBody)")
            let (registerStatus, registerBody) = try await (register.value.status, register.value.body)
            #expect(registerStatus == 201, "\(registerBody)")
            // The edit told store-a, registered before it; store-b came after it, on the edited content.
            #expect((try ClusterFlowTests.json(editBody)["clusters"] as? [String: String])?.keys.sorted() == ["store-a"], "\(editBody)")
            let told = try store.readStream("cluster/store-b")
            #expect(!told.contains { $0.data.causationID == editEvent.id }, "\(told.map(\.type))")
            #expect(!told.contains { $0.type == "ProfileChangeAccepted" || $0.type == "ProfileChangeQueued" }, "\(told.map(\.type))")
        }
    }

    /// Sends a Calico patch of `profile` (retail, its version) as an edit in place, and returns once
    /// it is stored and held before its fan-out: the request, and the stored edit.
    static func editHeld(
        _ profile: String, port: Int, store: EventStore, hold: Hold
    ) async throws -> (Task<LoopbackRequest.Answer, any Error>, RecordedEvent) {
        let calico = ProfileEditCutShortTests.calico
        let document = try ProfileEditCutShortTests.document(profile)
        let edited = profile.replacingOccurrences(of: calico.0, with: calico.1)
        let path = "/v1/profiles/\(document.name)/versions/\(document.version)"
        let edit = Task { try await LoopbackRequest.json(port: port, "PUT", path, token: "operator-token", json: edited) }
        await hold.arrivals(1)
        return (edit, try #require(try store.events(ofType: "ProfileVersionEdited").last))
    }

    /// Sends `request` while an edit is held, waits until it is either answered or waiting at the
    /// edits' gate, then lets the edit go on.
    static func sentDuringEdit(
        _ service: ClusterService, _ hold: Hold, _ request: @escaping @Sendable () async throws -> LoopbackRequest.Answer
    ) async -> Task<LoopbackRequest.Answer, any Error> {
        let answered = Atomic<Bool>(false)
        let sent = Task {
            defer { answered.store(true, ordering: .sequentiallyConsistent) }
            return try await request()
        }
        #expect(await Hold.until { answered.load(ordering: .sequentiallyConsistent) || service.edits.waiting > 0 })
        hold.release()
        return sent
    }
}
