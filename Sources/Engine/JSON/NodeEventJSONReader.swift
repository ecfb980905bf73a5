import Foundation
import UpgradeDomain

/// Reads the payloads `NodeEventJSON` writes back, without going through `Decodable`.
///
/// Nine of ten events of a rolling upgrade are `nodeStepStarted`, `nodeStepSucceeded` or
/// `nodeFinished`, and folding a cluster's stream decodes every one of them: through
/// `JSONDecoder` that is most of `orchestrator run`'s start-up on a large fleet. This reads exactly
/// the compact form the writers produce (keys in byte order, no whitespace, strings without
/// escapes, integers as digits). Any other text gives nil and goes to `JSONDecoder`, so nothing is
/// read differently from the general path. Debug builds check every event read here against it.
enum NodeEventJSONReader {
    static func decode(_ payload: Data) -> UpgradeEvent? {
        let event = payload.withUnsafeBytes { bytes -> UpgradeEvent? in
            var reader = Reader(bytes: bytes)
            let event: UpgradeEvent?
            if reader.literal(#"{"nodeStepStarted":{"_0":"#) {
                event = reader.actionRequest().map(UpgradeEvent.nodeStepStarted)
            } else if reader.literal(#"{"nodeStepSucceeded":{"_0":"#) {
                event = reader.success().map(UpgradeEvent.nodeStepSucceeded)
            } else if reader.literal(#"{"nodeFinished":"#) {
                event = reader.nodeFinished()
            } else {
                return nil
            }
            return reader.atEnd ? event : nil
        }
        assert(event == nil || event == (try? JSONDecoder().decode(UpgradeEvent.self, from: payload)),
               "NodeEventJSONReader differs from the Decodable form of \(String(decoding: payload, as: UTF8.self))")
        return event
    }

    /// A cursor over a payload that moves only past what it matched.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index == bytes.count }

        /// Moves past `text` if the payload goes on with exactly it.
        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let matched = text.withUTF8Buffer { expected in
                memcmp(bytes.baseAddress! + index, expected.baseAddress!, count) == 0
            }
            if matched { index += count }
            return matched
        }

        /// Digits, with an optional leading minus, that fit an `Int64`.
        mutating func integer() -> Int64? {
            var position = index
            let negative = position < bytes.count && bytes[position] == 0x2D
            if negative { position += 1 }
            let first = position
            var magnitude: UInt64 = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                let (times10, over1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, over2) = times10.addingReportingOverflow(UInt64(bytes[position] - 0x30))
                guard !over1, !over2 else { return nil }
                magnitude = sum
                position += 1
            }
            // At least one digit, and a leading zero only as the number 0.
            guard position > first, bytes[first] != 0x30 || position - first == 1 else { return nil }
            let value: Int64
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                value = Int64(bitPattern: 0 &- magnitude)
            } else {
                guard magnitude <= UInt64(Int64.max) else { return nil }
                value = Int64(magnitude)
            }
            index = position
            return value
        }

        mutating func int() -> Int? { integer().flatMap { Int(exactly: $0) } }

        /// A string literal without escapes (those go to the general path), as valid UTF-8.
        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == 0x22 else { return nil }
            var position = index + 1
            while position < bytes.count, bytes[position] != 0x22 {
                guard bytes[position] >= 0x20, bytes[position] != 0x5C else { return nil }
                position += 1
            }
            guard position < bytes.count else { return nil }
            guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<position]), as: UTF8.self) else { return nil }
            index = position + 1
            return text
        }

        /// `["…",…]`.
        mutating func strings() -> [String]? {
            guard literal("[") else { return nil }
            var texts: [String] = []
            if literal("]") { return texts }
            repeat {
                guard let text = string() else { return nil }
                texts.append(text)
            } while literal(",")
            return literal("]") ? texts : nil
        }

        /// `{"millisecondsSinceEpoch":N}` after `key`.
        mutating func timestamp(_ key: StaticString) -> Timestamp? {
            guard literal(key), literal(#"{"millisecondsSinceEpoch":"#), let ms = integer(), literal("}") else { return nil }
            return Timestamp(millisecondsSinceEpoch: ms)
        }

        /// `{"rawValue":"…"}` after `key`.
        mutating func rawValue(_ key: StaticString) -> String? {
            guard literal(key), literal(#"{"rawValue":"#), let text = string(), literal("}") else { return nil }
            return text
        }

        mutating func actionRequest() -> NodeActionRequest? {
            guard literal(#"{"attempt":"#), let attempt = int(),
                  let deadline = timestamp(#","deadline":"#),
                  let node = rawValue(#","node":"#),
                  let pool = rawValue(#","pool":"#),
                  let requestedAt = timestamp(#","requestedAt":"#),
                  literal(#","services":"#), let services = strings() else { return nil }
            // Optional: when the key is there but its value is not, the reader stops past the key
            // and the `step` below does not match.
            let startedAt = timestamp(#","startedAt":"#)
            guard literal(#","step":"#), let step = string().flatMap(NodeStep.init(rawValue:)),
                  literal(#","stepIndex":"#), let stepIndex = int(),
                  literal(#","upgrade":"#), let upgrade = int(), literal("}}}") else { return nil }
            return NodeActionRequest(upgrade: upgrade, node: NodeID(node), pool: PoolID(pool), step: step, stepIndex: stepIndex,
                                     attempt: attempt, requestedAt: requestedAt, deadline: deadline, services: services, startedAt: startedAt)
        }

        mutating func success() -> NodeStepSuccess? {
            guard let at = timestamp(#"{"at":"#),
                  literal(#","attempt":"#), let attempt = int(),
                  literal(#","idempotencyKey":"#), let key = string(),
                  let node = rawValue(#","node":"#),
                  literal(#","step":"#), let step = string().flatMap(NodeStep.init(rawValue:)),
                  literal(#","upgrade":"#), let upgrade = int(), literal("}}}") else { return nil }
            return NodeStepSuccess(upgrade: upgrade, node: NodeID(node), step: step, attempt: attempt, idempotencyKey: key, at: at)
        }

        mutating func nodeFinished() -> UpgradeEvent? {
            guard let at = timestamp(#"{"at":"#),
                  let node = rawValue(#","node":"#),
                  literal(#","upgrade":"#), let upgrade = int(), literal("}}") else { return nil }
            return .nodeFinished(upgrade: upgrade, node: NodeID(node), at: at)
        }
    }
}
