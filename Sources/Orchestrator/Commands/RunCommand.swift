import ArgumentParser
import Engine
import EventStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import Service
import ServiceLifecycle
import Synchronization

/// `orchestrator run`: the HTTP service on the store until SIGTERM or SIGINT, then a graceful
/// stop (in-flight requests finish, the store closes) and exit 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the engine as a service: HTTP API, node agents, event stream, metrics.",
        discussion: """
        Settings come from the config file (JSON), then ORCHESTRATOR_HOST, ORCHESTRATOR_PORT, \
        ORCHESTRATOR_BODY_LIMIT_BYTES, ORCHESTRATOR_TICK_INTERVAL_MS, ORCHESTRATOR_TLS_CERTIFICATE with \
        ORCHESTRATOR_TLS_PRIVATE_KEY (PEM files: HTTPS), then these flags. \
        It accepts connections at once: while it folds the event history, /healthz answers 200, /readyz \
        answers 503 with the progress, /metrics answers 200, and every other route answers 503 with Retry-After. \
        Prints "listening on HOST:PORT" on stdout once the API serves (--port 0 picks a free port).
        """
    )
    @OptionGroup var storeOptions: StoreOptions
    @Option(parsing: .unconditional, help: "TCP port to listen on (default 8080; 0 picks a free one).") var port: Int?
    @Option(help: "Address to bind (default 127.0.0.1).") var host: String?
    @Option(help: ArgumentHelp("Configuration file (JSON): tokens as SHA-256 hashes with roles.", valueName: "FILE")) var config: String?

    /// The line for a server that could not listen on `host`:`port`, naming where that setting comes from.
    static func listenFailure(_ error: IOError, host: String, port: Int) -> CommandFailure? {
        switch error.errnoCode {
        case EADDRINUSE:
            CommandFailure(message: "run: \(host):\(port) is already in use; stop what listens there or choose another port (--port, ORCHESTRATOR_PORT or the config's \"port\")", exitCode: 75)
        case EADDRNOTAVAIL:
            CommandFailure(message: "run: host \(host) is not an address of this machine (--host, ORCHESTRATOR_HOST or the config's \"host\")", exitCode: 64)
        case EACCES:
            CommandFailure(message: "run: listening on port \(port) is not permitted; choose one above 1023 (--port, ORCHESTRATOR_PORT or the config's \"port\")", exitCode: 77)
        default:
            nil
        }
    }

    /// The host must resolve to an address before the store is opened: a name that does not
    /// resolve is a bad setting (64), named with where it comes from, not NIO's error (70).
    static func checkResolves(_ host: String) throws {
        do {
            _ = try SocketAddress.makeAddressResolvingHost(host, port: 0)
        } catch {
            throw unresolvable(host)
        }
    }

    static func unresolvable(_ host: String) -> CommandFailure {
        .usage("run: host \(host) does not resolve to an address (--host, ORCHESTRATOR_HOST or the config's \"host\")")
    }

    /// The service's clock: the wall clock, never at or before the store's latest event (nor back
    /// from a time it gave), so the store's timeline never goes back. A store dated ahead of the wall
    /// clock (a replay of a scenario set later) is said in one line.
    static func clock(after latestRecordedMs: Int64?, wall: any ServiceClock = SystemClock(), logger: Logger) -> NonDecreasingClock {
        let now = wall.now().millisecondsSinceEpoch
        if let latest = latestRecordedMs, latest >= now {
            logger.notice("""
                the store's latest event is dated \(TimeText.rfc3339(latest)), ahead of this machine's clock \
                (\(TimeText.rfc3339(now))): what this service records is dated after it, and its time stands \
                still there until the clock passes it
                """)
        }
        return NonDecreasingClock(wall, after: latestRecordedMs)
    }

    func run() async throws {
        var settings = try config.map { try ServiceConfiguration.load(path: $0) } ?? ServiceConfiguration()
        settings = try settings.overridden(by: ProcessInfo.processInfo.environment)
        if let port {
            guard ServiceConfiguration.ports.contains(port) else { throw CommandFailure.usage("run: --port \(port) is not 0…65535") }
            settings.port = port
        }
        if let host {
            guard !host.isEmpty else { throw CommandFailure.usage("run: --host is empty; it names the address to bind") }
            settings.host = host
        }
        try Self.checkResolves(settings.host)
        try settings.checkTLS()

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "orchestrator")
        let store = try storeOptions.open(.create)
        defer { store.close() }
        let lock = try ServiceLock(store: storeOptions.store)
        defer { lock.release() }
        let readiness = Readiness { host, port in
            FileHandle.standardOutput.write(Data("listening on \(host):\(port)\n".utf8))
        }
        let handle = GroupHandle()
        let clock = try Self.clock(after: store.latestRecordedAtMs(), logger: logger)
        let app = try buildApplication(configuration: settings, store: store, clock: clock, logger: logger, readiness: readiness,
                                       stopGracefully: { await handle.stop() })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        handle.set(group)
        do {
            try await group.run()
        } catch let error as IOError {
            throw Self.listenFailure(error, host: settings.host, port: settings.port) ?? error
        } catch is SocketAddressError.UnknownHost {
            throw Self.unresolvable(settings.host)  // resolved above, then no more
        } catch let error as DomainEventDecodingError {
            // An event the fold cannot read: the store is damaged, as the other commands say.
            throw EventStoreError.corrupt(path: storeOptions.store, detail: error.description)
        }
        logger.info("stopped; closing the store")
    }
}

/// The service group running `run`, once built: a failed fold asks it to stop gracefully.
private final class GroupHandle: Sendable {
    private let group = Mutex<ServiceGroup?>(nil)

    func set(_ group: ServiceGroup) { self.group.withLock { $0 = group } }

    func stop() async { await group.withLock { $0 }?.triggerGracefulShutdown() }
}
