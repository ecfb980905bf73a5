import ArgumentParser
import Engine
import EventStore
import UpgradeDomain

/// `orchestrator verify --store DIR`: every tree's raw pages well formed and readable, gap-free positions and revisions,
/// sound indexes, decodable payloads.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a store: positions and revisions gap-free, every index agrees with the log, every event decodes.",
        discussion: """
        Exits 0 when sound; 1 naming the first problem otherwise (records that disagree, such as an \
        index lacking an event). An event's data is decoded as the event \
        its type names for every type this orchestrator knows; events of other types (a newer \
        orchestrator's) are not decoded, and the line that reports success counts them. \
        A record that is not in the form the store writes (a log record that does not decode or sits \
        under another position's key, an event's data that is not JSON, an index key or value of \
        another form) is damage: "store DIR is damaged: database NAME, KEY: …" with exit 65. \
        First it walks the raw pages of every tree in data.mdb, read from the file rather than through \
        LMDB, so that a damaged page (a node offset or a size pointing past the page) is refused before \
        LMDB follows it out of the file. Then it reads every tree through LMDB: each named database entry \
        by entry, the main tree that names them, and LMDB's free-page tree (each entry well formed, each \
        free page in range and free once). Damage found in either walk is reported as "store DIR is \
        damaged: …" with exit 65, as every command reports a damaged store.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(.readOnly, checkingPages: true)
        let report = try store.verify()
        if let problem = report.problem {
            throw CommandFailure(message: "verify \(storeOptions.store): \(problem)", exitCode: 1)
        }
        let payloads = EventPayloadCheck.orchestrator
        var unknown: (count: Int, first: String) = (0, "")
        try store.forEachEvent { event in
            guard event.position <= report.events else { return }  // appended after the check above
            switch payloads.check(event) {
            case .decodes: break
            case .unknownType:
                if unknown.count == 0 { unknown.first = "\(event.type) at position \(event.position)" }
                unknown.count += 1
            case .doesNotDecode(let why):
                // Data that is not JSON at all no writer made (the engine's events are JSON, and
                // `import` checks them): a damaged record, where JSON of another shape is a failed check.
                if event.data.contentType == "application/json", TemplateValue.exactJSON(event.data.payload) == nil {
                    throw EventStoreError.corrupt(
                        path: storeOptions.store,
                        detail: "database log, position \(event.position) (\(event.type), stream '\(event.stream)'): the event's data is not JSON text")
                }
                throw CommandFailure(
                    message: "verify \(storeOptions.store): the data of event \(event.position) (\(event.type), stream '\(event.stream)') does not decode as a \(event.type) event: \(why)",
                    exitCode: 1)
            }
        }
        let decoded = unknown.count == 0
            ? "every event decodes"
            : "every event of a known type decodes; \(CountText.of(unknown.count, "event")) of types this orchestrator does not know \(unknown.count == 1 ? "was" : "were") not decoded (first: \(unknown.first))"
        print("ok: \(report.events) events in \(report.streams) streams; positions and revisions gap-free; every index agrees with the log; \(decoded)")
    }
}
