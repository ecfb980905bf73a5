import Foundation
import Testing
import TestSupport

/// One byte flipped inside a key or a value of a store the binary made (`replay`): the raw page
/// walk passes it (the page's layout is intact), so `verify`'s own checks must find it. A record no
/// writer makes is damage: one line naming the database, the key or position and what is wrong,
/// exit 65. A record still in form that disagrees with the log is a failed check: exit 1, naming the
/// index and the position (ADR 0020).
@Suite("One flipped byte in a key or a value on the command line")
struct DamagedRecordCommandTests {
    let folder = ScratchFolder("damaged-record")

    /// A store made by the real binary, and its data file.
    func replayed() throws -> (store: String, file: LMDBDataFile) {
        let store = folder.child("store-\(UUID().uuidString)")
        let replay = try OrchestratorProcess.run([
            "replay", ReplayCommandTests.scenarios + "/retail-rke2-os-patch.json", "--scale", "0.01", "--store", store,
        ])
        try #require(replay.exitCode == 0, "\(replay.stderr)")
        let verified = try OrchestratorProcess.run(["verify", "--store", store])
        try #require(verified.exitCode == 0, "\(verified.stderr)")
        return (store, try LMDBDataFile(store: store))
    }

    /// Every leaf node of the named database with its value inline (no overflow page, no values
    /// of a dupsort key kept apart): (file offset of the node, its key).
    static func plainNodes(of database: String, in file: LMDBDataFile) throws -> [(node: Int, key: [UInt8])] {
        let root = try #require(file.root(of: database), "database \(database) has a root")
        return file.leaves(below: root).flatMap { leaf in
            (0 ..< file.nodeCount(of: leaf)).map { file.node($0, of: leaf) }
        }
        .filter { file.nodeFlags(at: $0) & 0x07 == 0 }
        .map { ($0, Array(file.key(at: $0))) }
    }

    static func position(_ key: [UInt8]) -> UInt64 { key.reduce(0) { $0 << 8 | UInt64($1) } }

    /// The fields of a stored event record: where its payload starts (a file offset), its type and stream.
    struct Record {
        var payload = 0
        var type = "", stream = ""
    }

    /// Reads the protobuf fields of the record at `offset` (`size` bytes): varints and
    /// length-delimited fields, which is all a `StoredEvent` holds.
    static func record(in file: LMDBDataFile, at offset: Int, size: Int) throws -> Record {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        var index = offset, record = Record()
        func varint() -> Int {
            var value = 0, shift = 0
            while true {
                let byte = bytes[index]
                index += 1
                value |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
        }
        while index < offset + size {
            let tag = varint()
            guard tag & 7 == 2 else { _ = varint(); continue }
            let length = varint()
            let text = String(decoding: bytes[index ..< index + length], as: UTF8.self)
            switch tag >> 3 {
            case 2: record.stream = text
            case 5: record.type = text
            case 11: record.payload = index
            default: break
            }
            index += length
        }
        return record
    }

    func verify(_ store: String) throws -> OrchestratorProcess.Outcome {
        let outcome = try OrchestratorProcess.run(["verify", "--store", store])
        #expect(outcome.signal == nil, "verify died of signal \(outcome.signal ?? 0)")
        #expect(outcome.stdout.isEmpty, "\(outcome.stdout)")
        return outcome
    }

    func expectDamage(_ store: String, _ found: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        DamagedStoreCommandTests.expectOneLine(
            try verify(store), "store \(store) is damaged: \(found); restore it from a backup", ["verify"], sourceLocation: sourceLocation)
    }

    /// (a) The stream field's tag in an event's envelope, made wire type 7, which protobuf has not.
    @Test func aFlippedByteInAnEnvelopeIsARecordThatDoesNotDecode() throws {
        var (store, file) = try replayed()
        let (node, key) = try #require(Self.plainNodes(of: "log", in: file).dropFirst(2).first)
        // The record opens with the position (tag 0x08, a varint), then the stream's tag.
        var tag = file.dataOffset(at: node) + 1
        while file.uint64(at: tag) & 0x80 != 0 { tag += 1 }
        tag += 1
        try #require(file.uint64(at: tag) & 0xFF == 0x12, "the stream field's tag")
        try file.flip(at: tag, with: 0x05)
        try expectDamage(store, "database log, position \(Self.position(key)): the record does not decode (wire type 7)")
    }

    /// (b) The first byte of an event's JSON data: `{` becomes `;`, no longer JSON at all.
    @Test func aFlippedByteThatLeavesAnEventsDataNotJSONIsDamage() throws {
        var (store, file) = try replayed()
        let known = ["ClusterRegistered", "UpgradeRequested", "ProfileChangeAccepted", "NodeStepRequested", "NodeStepSucceeded"]
        var found: (node: Int, key: [UInt8], record: Record)?
        for (node, key) in try Self.plainNodes(of: "log", in: file) {
            let record = try Self.record(in: file, at: file.dataOffset(at: node), size: file.dataSize(at: node))
            if known.contains(record.type) { found = (node, key, record); break }
        }
        let (_, key, record) = try #require(found, "an event of a type the engine knows")
        try #require(file.uint64(at: record.payload) & 0xFF == 0x7B)
        try file.flip(at: record.payload, with: 0x40)
        try expectDamage(store, "database log, position \(Self.position(key)) (\(record.type), stream '\(record.stream)'): the event's data is not JSON text")
    }

    /// (c) An event type's key in `type_postings`: its first byte's high bit set, no longer UTF-8.
    @Test func aFlippedByteThatLeavesAnIndexKeyNotUTF8IsDamage() throws {
        var (store, file) = try replayed()
        let (node, key) = try #require(Self.plainNodes(of: "type_postings", in: file).first)
        try file.flip(at: node + 8, with: 0x80)
        let shown = "0x" + ([key[0] ^ 0x80] + key.dropFirst()).map { String(format: "%02x", $0) }.joined()
        try expectDamage(store, "database type_postings, key \(shown): the key is not UTF-8 text, as every name is")
    }

    /// (c') The same key's last letter changed into another: a name in form, whose events the
    /// index no longer lists under their type. A failed check, naming the index and the position.
    @Test func aFlippedByteThatLeavesAnotherNameIsAFailedCheck() throws {
        var (store, file) = try replayed()
        let (node, key) = try #require(Self.plainNodes(of: "type_postings", in: file).first)
        let first = try Self.firstPosition(in: file, node: node)
        try file.flip(at: node + 8 + key.count - 1, with: 0x01)
        let outcome = try verify(store)
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr == "orchestrator: verify \(store): index type_postings lacks position \(first)\n")
    }

    /// (d) The header of a posting-list value (the list's last position): the list no longer ends there.
    @Test func aFlippedByteInAnIndexValueIsAListThatDoesNotDecode() throws {
        var (store, file) = try replayed()
        let (node, key) = try #require(Self.plainNodes(of: "type_postings", in: file).first)
        try file.flip(at: file.dataOffset(at: node) + 7, with: 0x01)
        let name = String(decoding: key, as: UTF8.self)
        try expectDamage(store, "database type_postings, key '\(name)', value 0: the posting list does not decode: its last position is not its header's")
    }

    /// (e) A log key's second lowest byte: the key no longer follows the log, and its record says
    /// which position it holds.
    @Test func aFlippedByteInALogKeyIsAKeyThatDoesNotFollowTheLog() throws {
        var (store, file) = try replayed()
        let (node, key) = try #require(Self.plainNodes(of: "log", in: file).dropFirst(2).first)
        try file.flip(at: node + 8 + 6, with: 0x01)
        let position = Self.position(key)
        try expectDamage(
            store,
            "database log, key \(position ^ 0x100) after position \(position - 1): the key does not follow the log (its record was recorded at position \(position))")
    }

    /// The first position a posting list value holds: its first varint, after the 8-byte header.
    static func firstPosition(in file: LMDBDataFile, node: Int) throws -> UInt64 {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
        var index = file.dataOffset(at: node) + 8, value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }
}
