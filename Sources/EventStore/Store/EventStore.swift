import CLMDB
import Foundation
import Synchronization

/// The append-only event log on LMDB: every fact the engine knows, in order, forever.
///
/// Appends go through one group-commit writer and are answered only once durable. Reads run in
/// their own LMDB read transactions and never block the writer, in this process or another.
public final class EventStore: Sendable {
    public enum OpenMode: Sendable {
        /// Read and write; create the folder and store when missing or empty.
        case create
        /// Read and write an existing store.
        case readWrite
        /// Read an existing store, alongside a writer in another process.
        case readOnly
    }

    public let path: String
    let env: LMDBEnvironment
    let layout: StoreLayout
    let notifier: CommitNotifier
    private let writer: Mutex<GroupCommitWriter?>
    private let isClosed = Mutex(false)
    private let bulkLoading = Mutex(false)
    private let commits = Counter()
    private let committedAppends = Counter()
    /// How long the secondary indexes' trail has been growing (see `IndexTrail`).
    let trailAge = IndexTrail.Age()
    /// What this process's writer knows of the trail between its transactions (see `WriterTrail`).
    let trail = WriterTrail()

    /// How many write transactions the group-commit writer has committed (for benchmarks).
    public var commitCount: Int { commits.value }

    /// How many appends those transactions held (each commit holds one or more).
    public var committedAppendCount: Int { committedAppends.value }

    /// Opens the store in `path`. Throws a clear `EventStoreError` for a missing, foreign,
    /// newer-format or unwritable folder, having created nothing.
    ///
    /// With `checkingPages`, first walks the raw pages of every tree in data.mdb (`RawPageWalk`,
    /// a full read of the trees' pages) and throws `corrupt` for damage that would send LMDB
    /// outside the file, before LMDB reads any page of a tree: `verify` and `backup` do.
    public static func open(
        at path: String, mode: OpenMode = .create, initialMapSize: Int = 64 << 20, checkingPages: Bool = false
    ) throws(EventStoreError) -> EventStore {
        let readOnly = mode == .readOnly
        try StoreFolder.prepare(path, create: mode == .create, readOnly: readOnly)
        do {
            let isNew = !FileManager.default.fileExists(atPath: path + "/data.mdb")
            let env = try LMDBEnvironment(path: path, readOnly: readOnly, mapSize: initialMapSize, maxDatabases: StoreLayout.databaseCount)
            try StoreFolder.checkLength(path)
            if checkingPages { try StoreFolder.checkPages(path, env: env) }
            let layout = try openLayout(env: env, isNew: isNew, path: path)
            return try EventStore(path: path, env: env, layout: layout, readOnly: readOnly)
        } catch {
            throw StoreFolder.explain(error, path: path, operation: readOnly ? "read" : "open")
        }
    }

    private static func openLayout(env: LMDBEnvironment, isNew: Bool, path: String) throws -> StoreLayout {
        if isNew {
            let layout = try StoreLayout.open(in: env, create: true)
            try env.write { txn in
                try StoreLayout.magicKey.withRaw { key in try StoreLayout.magic.withRaw { try txn.put(layout.meta, key: key, value: $0) } }
                try StoreLayout.formatKey.withRaw { key in try BigEndian.bytes(UInt64(StoreLayout.format)).withRaw { try txn.put(layout.meta, key: key, value: $0) } }
                try IndexTrail.setIndexedThrough(0, layout: layout, txn: txn)
            }
            return layout
        }
        let meta: MDB_dbi
        do {
            meta = try env.openDatabase("meta", create: false)
        } catch let error as LMDBError where error.isNotFound {
            throw EventStoreError.notAStore(path: path, why: "data.mdb holds no orchestrator databases")
        }
        let format = try env.read { txn in
            let magic = try StoreLayout.magicKey.withRaw { try txn.get(meta, key: $0).map { Array($0) } }
            guard magic == StoreLayout.magic else { throw EventStoreError.notAStore(path: path, why: "its meta record is not ours") }
            let format = try StoreLayout.formatKey.withRaw { try txn.get(meta, key: $0).map { BigEndian.uint64($0) } } ?? 0
            if format > UInt64(StoreLayout.format) {
                throw EventStoreError.newerFormat(path: path, found: UInt32(clamping: format), supported: StoreLayout.format)
            }
            if try StoreLayout.bulkLoadKey.withRaw({ try txn.get(meta, key: $0) }) != nil {
                throw EventStoreError.unfinishedBulkLoad(path: path)
            }
            return format
        }
        if format < UInt64(StoreLayout.format) {
            guard !env.readOnly else {
                throw EventStoreError.olderFormat(path: path, found: UInt32(clamping: format), supported: StoreLayout.format)
            }
            let layout = try StoreLayout.open(in: env, create: true)
            try FormatUpgrade.run(env: env, layout: layout)
            return layout
        }
        do {
            return try StoreLayout.open(in: env, create: false)
        } catch let error as LMDBError where error.isNotFound {
            throw EventStoreError.notAStore(path: path, why: "data.mdb lacks some of the orchestrator's databases")
        }
    }

    private init(path: String, env: LMDBEnvironment, layout: StoreLayout, readOnly: Bool) throws {
        self.path = path
        self.env = env
        self.layout = layout
        let last = try env.read { try StoreReader.lastPosition(layout: layout, txn: $0) }
        self.notifier = CommitNotifier(lastPosition: last)
        self.writer = Mutex(nil)
        if !readOnly {
            let writer = GroupCommitWriter(
                commit: { [env, layout, path, commits, committedAppends, trailAge, trail] requests in
                    commits.increment()
                    committedAppends.increment(by: requests.count)
                    return Self.commit(requests, validated: true, env: env, layout: layout, path: path, trailAge: trailAge, trail: trail)
                },
                onCommitted: { [notifier] position in notifier.committed(upTo: position) }
            )
            self.writer.withLock { $0 = writer }
        }
    }

    deinit { close() }

    /// Finishes queued appends, stops the writer and ends subscriptions. Idempotent.
    public func close() {
        let wasClosed = isClosed.withLock { closed in defer { closed = true }; return closed }
        if wasClosed { return }
        if let writer = writer.withLock({ $0 }) {
            writer.stop()
            // Leave the store fully indexed, so readers that come later find no trail. Should this
            // fail (a full disk), the trail stays as it is: every read still covers it.
            if !bulkLoading.withLock({ $0 }) {
                try? env.write { txn in try IndexTrail.catchUp(layout: layout, txn: txn) }
            }
        }
        notifier.close()
    }

    // MARK: Appending

    /// Appends `events` to `stream` atomically if the stream is at `expected`; returns once durable.
    /// A refusal is thrown, so a caller that needs no positions may drop the result.
    @discardableResult
    public func append(to stream: String, expected: ExpectedRevision, events: [EventData]) async throws(EventStoreError) -> AppendResult {
        try await append(AppendRequest(stream: stream, expected: expected, events: events))
    }

    /// Appends one request through the group-commit writer; returns once durable.
    @discardableResult
    public func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult {
        if let problem = Self.validate(request) { throw problem }
        if bulkLoading.withLock({ $0 }) { throw Self.loading }
        guard let writer = writer.withLock({ $0 }) else { throw .permissionDenied(path: path, operation: "append to a read-only") }
        // Resumed exactly once: by the writer's answer, or here when the writer has stopped.
        let result: Result<AppendResult, EventStoreError> = await withUnsafeContinuation { continuation in
            let queued = writer.submit(request) { continuation.resume(returning: $0) }
            if !queued { continuation.resume(returning: .failure(.closed(path: path))) }
        }
        return try result.get()
    }

    /// Appends many requests in one durable transaction on the calling thread (simulator, import,
    /// benchmarks). Each request succeeds or is refused on its own, as with `append`.
    public func appendNow(_ requests: [AppendRequest]) throws(EventStoreError) -> [Result<AppendResult, EventStoreError>] {
        guard writer.withLock({ $0 }) != nil else { throw .permissionDenied(path: path, operation: "append to a read-only") }
        if bulkLoading.withLock({ $0 }) { throw Self.loading }
        let results = Self.commit(requests, env: env, layout: layout, path: path, trailAge: trailAge, trail: trail)
        let last = results.compactMap { try? $0.get() }.filter { !$0.alreadyStored }.map(\.lastPosition).max()
        if let last { notifier.committed(upTo: last) }
        return results
    }

    /// Writes already-recorded events at their own positions (import), in one durable
    /// transaction, growing the map and writing them again while it is full. Positions must
    /// continue the log; streams, types and actors are checked as `append` checks them.
    public func restore(_ events: [RecordedEvent]) throws(EventStoreError) {
        if bulkLoading.withLock({ $0 }) { throw Self.loading }
        for event in events {
            func check(_ name: String, _ value: String) throws(EventStoreError) {
                if let problem = KeyName.problem(with: value) {
                    throw .invalidRequest("the event at position \(event.position): \(name) \(problem)")
                }
            }
            try check("stream id", event.stream)
            try check("event type", event.type)
            try check("actor", event.actor)
        }
        do {
            let left = try BulkLoad.withGrowingMap(env) { try env.write { txn in
                var tx = try trail.begin(layout: layout, txn: txn)
                try tx.appending { tx in
                    for event in events {
                        guard event.position == tx.nextPosition else {
                            throw EventStoreError.corrupt(path: path, detail: "import expected position \(tx.nextPosition), got \(event.position)")
                        }
                        let current = try tx.lastRevision(of: event.stream)
                        guard event.revision == current.map({ $0 + 1 }) ?? 0 else {
                            throw EventStoreError.corrupt(path: path, detail: "import of stream '\(event.stream)' expected revision \(current.map { $0 + 1 } ?? 0), got \(event.revision)")
                        }
                        try tx.write(event)
                    }
                }
                _ = try tx.settleTrail(force: true)
                return tx.left
            } }
            trail.keep(left)
        } catch {
            throw StoreFolder.explain(error, path: path, operation: "write to")
        }
        if let last = events.last { notifier.committed(upTo: last.position) }
    }

    // MARK: Bulk loading

    /// Starts filling this empty store in one go (see `BulkLoad`); until the load finishes, the
    /// store refuses other appends and cannot be opened elsewhere.
    public func beginBulkLoad() throws(EventStoreError) -> BulkLoad {
        guard writer.withLock({ $0 }) != nil else { throw .permissionDenied(path: path, operation: "bulk load a read-only") }
        guard try lastPosition() == 0 else { throw .invalidRequest("a bulk load needs an empty store, and \(path) holds events") }
        let started = bulkLoading.withLock { loading in
            defer { loading = true }
            return !loading
        }
        guard started else { throw .invalidRequest("a bulk load of \(path) is already under way") }
        do {
            try env.write { txn in
                try StoreLayout.bulkLoadKey.withRaw { key in try [UInt8(1)].withRaw { try txn.put(layout.meta, key: key, value: $0) } }
            }
        } catch {
            bulkLoading.withLock { $0 = false }
            throw StoreFolder.explain(error, path: path, operation: "write to")
        }
        return BulkLoad(store: self)
    }

    /// The load wrote its indexes and cleared its mark: appends are open, subscribers hear of it.
    func endBulkLoad(lastPosition: UInt64) {
        bulkLoading.withLock { $0 = false }
        if lastPosition > 0 { notifier.committed(upTo: lastPosition) }
    }

    private static let loading = EventStoreError.invalidRequest("a bulk load of this store is under way; it takes no other appends until it finishes")

    static func validate(_ request: AppendRequest) -> EventStoreError? {
        func bad(_ name: String, _ value: String) -> EventStoreError? {
            KeyName.problem(with: value).map { .invalidRequest("\(name) \($0)") }
        }
        if let problem = bad("stream id", request.stream) { return problem }
        if request.events.isEmpty { return .invalidRequest("no events for stream '\(request.stream)'") }
        if hasRepeatedID(request.events) { return .invalidRequest("an event id repeats within one append to '\(request.stream)'") }
        // Through a buffer, whose elements are lent in place (the array's subscript copies each).
        return request.events.withUnsafeBufferPointer { events in
            for index in events.indices {
                if let problem = bad("event type", events[index].type) ?? bad("actor", events[index].actor) { return problem }
            }
            return nil
        }
    }

    /// Whether two events share an id: pairwise for the usual handful; beyond, none when the ids
    /// rise (time-ordered ids drawn one after another do), else through a set.
    private static func hasRepeatedID(_ events: [EventData]) -> Bool {
        events.withUnsafeBufferPointer { events in
            guard events.count > 8 else {
                for i in events.indices { for j in events.indices where j > i && events[i].id == events[j].id { return true } }
                return false
            }
            var rising = true
            var previous = events[0].id.words
            for index in events.indices.dropFirst() {
                let next = events[index].id.words
                if !(previous < next) { rising = false; break }
                previous = next
            }
            return !rising && Set(events.map(\.id)).count != events.count
        }
    }

    /// One durable transaction for `requests`, growing the map and retrying when it is full.
    /// The secondary entries of the trailing events are written in the same transaction once the
    /// trail is long or old enough (`IndexTrail`). `validated`: every request passed `validate`
    /// already (the writer's: `append` checks each before queueing it).
    static func commit(
        _ requests: [AppendRequest], validated: Bool = false, env: LMDBEnvironment, layout: StoreLayout, path: String,
        trailAge: IndexTrail.Age, trail: WriterTrail
    ) -> [Result<AppendResult, EventStoreError>] {
        let invalid = validated ? Array(repeating: nil, count: requests.count) : requests.map(validate)
        while true {
            do {
                let now = ContinuousClock.now
                let (results, trailing, left) = try env.write { txn in
                    var tx = try trail.begin(layout: layout, txn: txn)
                    let results = try tx.appending { tx in
                        try zip(requests, invalid).map { request, problem in
                            if let problem { return Result<AppendResult, EventStoreError>.failure(problem) }
                            return try tx.apply(request)
                        }
                    }
                    let trailing = try tx.settleTrail(force: trailAge.isOld(at: now))
                    return (results, trailing, tx.left)
                }
                trail.keep(left)
                trailAge.record(trailing: trailing, at: now)
                return results
            } catch let error as LMDBError where error.isMapFull {
                do {
                    try env.grow(atLeast: env.mapSize * 2)
                } catch {
                    return requests.map { _ in .failure(StoreFolder.explain(error, path: path, operation: "grow")) }
                }
            } catch {
                let failure = StoreFolder.explain(error, path: path, operation: "write to")
                return requests.map { _ in .failure(failure) }
            }
        }
    }
}

/// A thread-safe tally.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment(by amount: Int = 1) { count.withLock { $0 += amount } }
}

extension EventStore {
    /// Appends if the stream is still at `revision` (nil: the stream must not exist yet); nil when
    /// another writer got there first, so the caller can decide again on fresh state.
    public func append(to stream: String, ifAt revision: UInt64?, events: [EventData]) async throws(EventStoreError) -> AppendResult? {
        do {
            return try await append(to: stream, expected: revision.map { .exact($0) } ?? .noStream, events: events)
        } catch {
            if case .wrongExpectedRevision = error { return nil }
            throw error
        }
    }
}
