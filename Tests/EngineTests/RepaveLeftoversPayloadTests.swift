@testable import Engine
import EventStore
import Foundation
import Testing
import UpgradeDomain

/// The lists of what a failed or cancelled repave left half done (`replacementsLeft`,
/// `removalsUnknown`, `replacementsUnknown`, and the next upgrade's `previouslyReplaced`,
/// `previouslyRemovalUnknown`, `previouslyReplacementUnknown`) are
/// written only when they hold nodes: events stored before they existed read as they did, with
/// the lists empty, and their bytes are what is written today for the same event.
@Suite("Repave leftovers in stored events")
struct RepaveLeftoversPayloadTests {
    static let target = ProfileReference(name: "retail", version: "1.1.0")
    static let by = OperatorAction(actor: "olga", comment: "window closed", at: Timestamp(millisecondsSinceEpoch: 1_796_042_610_786))

    static func decode(_ text: String, type: String) throws -> UpgradeEvent {
        try DomainEventCodec.decode(UpgradeEvent.self, from: StoredPayload.recorded(Data(text.utf8), type: type))
    }

    @Test func aCancellationStoredBeforeTheListsReadsWithThemEmptyAndIsWrittenTheSame() throws {
        let stored = #"{"by":{"actor":"olga","at":1796042610786,"comment":"window closed"},"cordonedNodes":["w-1"],"reason":{"operatorRequest":{}},"removedNodes":["w-2"],"target":{"name":"retail","version":"1.1.0"},"upgrade":1}"#
        let event = try Self.decode(stored, type: "UpgradeCancelled")
        guard case .upgradeCancelled(let cancellation) = event else {
            Issue.record("\(event)")
            return
        }
        #expect(cancellation.removedNodes == ["w-2"] && cancellation.cordonedNodes == ["w-1"])
        #expect(cancellation.replacementsLeft == [] && cancellation.removalsUnknown == [] && cancellation.replacementsUnknown == [])
        #expect(String(decoding: try UpgradeEventPayload.encode(event), as: UTF8.self) == stored)
    }

    @Test func aFailureStoredBeforeTheListsReadsWithThemEmptyAndIsWrittenTheSame() throws {
        let stored = #"{"at":1796042610786,"attempts":1,"cordonedNodes":[],"error":{"reported":{"message":"no host answered"}},"node":"w-1","step":"provision-replacement","target":{"name":"retail","version":"1.1.0"},"upgrade":1}"#
        let event = try Self.decode(stored, type: "UpgradeFailed")
        guard case .upgradeFailed(let failure) = event else {
            Issue.record("\(event)")
            return
        }
        #expect(failure.replacementsLeft == [] && failure.removalsUnknown == [] && failure.removedNodes == [])
        #expect(failure.replacementsUnknown == [])
        #expect(String(decoding: try UpgradeEventPayload.encode(event), as: UTF8.self) == stored)
    }

    @Test func theListsAreWrittenWhenTheyHoldNodesAndReadBack() throws {
        let cancellation = UpgradeCancellation(
            upgrade: 1, target: Self.target, reason: .operatorRequest, by: Self.by, cordonedNodes: ["w-2"],
            replacementsLeft: ["w-1", "w-2"], removalsUnknown: ["w-1"])
        let cancelled = UpgradeEvent.upgradeCancelled(cancellation)
        let text = String(decoding: try UpgradeEventPayload.encode(cancelled), as: UTF8.self)
        #expect(text.contains(#""removalsUnknown":["w-1"]"#) && text.contains(#""replacementsLeft":["w-1","w-2"]"#), "\(text)")
        #expect(!text.contains("removedNodes"), "\(text)")
        #expect(try Self.decode(text, type: "UpgradeCancelled") == cancelled)

        let failure = UpgradeFailure(
            upgrade: 2, target: Self.target, node: "w-1", step: .removeNode, attempts: 2, error: .timedOut(deadline: Self.by.at),
            at: Self.by.at, cordonedNodes: ["w-1"], replacementsLeft: ["w-1"], removalsUnknown: ["w-1"])
        let failed = UpgradeEvent.upgradeFailed(failure)
        let failedText = String(decoding: try UpgradeEventPayload.encode(failed), as: UTF8.self)
        #expect(failedText.contains(#""removalsUnknown":["w-1"]"#) && failedText.contains(#""replacementsLeft":["w-1"]"#), "\(failedText)")
        #expect(try Self.decode(failedText, type: "UpgradeFailed") == failed)
    }

    @Test func anAcceptedUpgradeCarriesThemWrittenAndReadDirectlyAsTheGeneralPathDoes() throws {
        let change = ProfileChange(target: Self.target, behavior: .noOp, requestedBy: "olga")
        let plan = UpgradePlan(
            behavior: .noOp,
            nodes: [NodePlan(node: "w-1", pool: "workers", role: .worker, steps: [.removeNode], disruption: .surge),
                    NodePlan(node: "w-2", pool: "workers", role: .worker, steps: [.removeNode, .provisionReplacement], disruption: .unavailable)],
            limits: [], servicesToRestart: [], notes: [])
        let accepted = UpgradeEvent.profileChangeAccepted(AcceptedUpgrade(
            upgrade: 2, change: change, plan: plan, forcedMinorSkip: nil, previouslyCordoned: ["w-1", "w-2"],
            previouslyReplaced: ["w-1"], previouslyRemovalUnknown: ["w-1", "w-2"], at: Self.by.at))
        let direct = try #require(try AcceptedUpgradeJSON.encode(accepted))
        #expect(direct == (try UpgradeEventPayload.encode(accepted)))
        let text = String(decoding: direct, as: UTF8.self)
        #expect(text.contains(#""previouslyCordoned":["w-1","w-2"],"previouslyRemovalUnknown":["w-1","w-2"],"previouslyReplaced":["w-1"],"upgrade":2}"#), "\(text)")
        #expect(AcceptedUpgradeJSONReader.decode(Data(direct), type: "ProfileChangeAccepted") == accepted)
        #expect(try StoredPayload.general(Data(direct), type: "ProfileChangeAccepted") == accepted)

        // Written before the lists existed: read directly, with them empty.
        let before = AcceptedUpgrade(upgrade: 2, change: change, plan: plan, forcedMinorSkip: nil, previouslyCordoned: ["w-1"], at: Self.by.at)
        let old = try #require(try AcceptedUpgradeJSON.encode(.profileChangeAccepted(before)))
        #expect(!String(decoding: old, as: UTF8.self).contains("previouslyRe"))
        guard case .profileChangeAccepted(let read)? = AcceptedUpgradeJSONReader.decode(Data(old), type: "ProfileChangeAccepted") else {
            Issue.record("not read directly")
            return
        }
        #expect(read.previouslyReplaced == [] && read.previouslyRemovalUnknown == [] && read == before)
        #expect(read.previouslyReplacementUnknown == [])
    }

    @Test func aReplacementUnknownIsWrittenAfterTheOtherListsAndReadBack() throws {
        let cancellation = UpgradeCancellation(
            upgrade: 1, target: Self.target, reason: .operatorRequest, by: Self.by, cordonedNodes: [],
            removedNodes: ["w-2"], replacementsUnknown: ["w-1", "w-2"])
        let cancelled = UpgradeEvent.upgradeCancelled(cancellation)
        let text = String(decoding: try UpgradeEventPayload.encode(cancelled), as: UTF8.self)
        #expect(text.contains(#""removedNodes":["w-2"],"replacementsUnknown":["w-1","w-2"],"target""#), "\(text)")
        #expect(try Self.decode(text, type: "UpgradeCancelled") == cancelled)

        let failure = UpgradeFailure(
            upgrade: 2, target: Self.target, node: "w-1", step: .provisionReplacement, attempts: 2, error: .timedOut(deadline: Self.by.at),
            at: Self.by.at, cordonedNodes: [], replacementsUnknown: ["w-1"])
        let failed = UpgradeEvent.upgradeFailed(failure)
        let failedText = String(decoding: try UpgradeEventPayload.encode(failed), as: UTF8.self)
        #expect(failedText.contains(#""node":"w-1","replacementsUnknown":["w-1"],"step""#), "\(failedText)")
        #expect(try Self.decode(failedText, type: "UpgradeFailed") == failed)

        let change = ProfileChange(target: Self.target, behavior: .noOp, requestedBy: "olga")
        let plan = UpgradePlan(
            behavior: .noOp,
            nodes: [NodePlan(node: "w-1", pool: "workers", role: .worker, steps: [.provisionReplacement, .cordon, .drain, .removeNode], disruption: .surge),
                    NodePlan(node: "w-2", pool: "workers", role: .worker, steps: [.provisionReplacement], disruption: .unavailable)],
            limits: [], servicesToRestart: [], notes: [])
        let accepted = UpgradeEvent.profileChangeAccepted(AcceptedUpgrade(
            upgrade: 2, change: change, plan: plan, forcedMinorSkip: nil, previouslyRemoved: ["w-2"],
            previouslyReplacementUnknown: ["w-1", "w-2"], at: Self.by.at))
        let direct = try #require(try AcceptedUpgradeJSON.encode(accepted))
        #expect(direct == (try UpgradeEventPayload.encode(accepted)))
        let acceptedText = String(decoding: direct, as: UTF8.self)
        #expect(acceptedText.contains(#""previouslyRemoved":["w-2"],"previouslyReplacementUnknown":["w-1","w-2"],"upgrade":2}"#), "\(acceptedText)")
        #expect(AcceptedUpgradeJSONReader.decode(Data(direct), type: "ProfileChangeAccepted") == accepted)
        #expect(try StoredPayload.general(Data(direct), type: "ProfileChangeAccepted") == accepted)
    }
}
