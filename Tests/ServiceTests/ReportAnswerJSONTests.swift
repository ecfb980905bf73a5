import Engine
import Foundation
import Testing
import UpgradeDomain
@testable import Service

/// The hand-written report answer must be the very bytes the generic encoders give.
@Suite("Report answer JSON")
struct ReportAnswerJSONTests {
    static func action(node: String, services: [String], startedAtMs: Int64?) -> NodeActionView {
        NodeActionView(NodeActionRequest(
            upgrade: 3, node: NodeID(node), pool: PoolID("workers"), step: .reboot, stepIndex: 2, attempt: 1,
            requestedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_123), deadline: Timestamp(millisecondsSinceEpoch: 1_764_000_900_123),
            services: services, startedAt: startedAtMs.map { Timestamp(millisecondsSinceEpoch: $0) }))
    }

    static let answers: [ReportAnswer] = [
        ReportAnswer(applied: false, duplicate: true, events: [], status: "idle"),
        ReportAnswer(applied: true, duplicate: false, events: ["NodeStepSucceeded", "NodeStepRequested"], firstPosition: 41,
                     lastPosition: 42, status: "in-progress",
                     nextActions: [action(node: "w1", services: [], startedAtMs: nil)]),
        ReportAnswer(applied: true, duplicate: false, events: ["UpgradeSucceeded"], firstPosition: 18_446_744_073_709_551_615,
                     lastPosition: nil, status: "succeeded",
                     nextActions: [action(node: "cp-\"1\"\\é", services: ["rke2-server", "tab\there", "\u{1}"], startedAtMs: -5),
                                   action(node: "w2", services: ["k3s"], startedAtMs: 0)]),
    ]

    @Test(arguments: answers)
    func handWrittenBytesEqualTheGenericEncoders(answer: ReportAnswer) throws {
        let compact = try CompactJSONEncoder().encode(answer)
        #expect(String(decoding: answer.json, as: UTF8.self) == String(decoding: compact, as: UTF8.self))
        let foundation = try JSONResponse.encoder().encode(answer)
        #expect(answer.json == Array(foundation))
    }
}
