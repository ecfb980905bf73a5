import Foundation
import Service
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `orchestrator run` on loopback: started on a free port, read from the line it prints.
/// `@unchecked Sendable`: every stored property is a `let`, and `Process` and `URLSession` are safe to
/// use from several tasks for what this class does (signal, wait, send requests).
final class ServiceProcess: @unchecked Sendable {
    static let tokens: [(token: String, name: String, role: String, cluster: String?)] = [
        ("viewer-token", "vera", "viewer", nil),
        ("operator-token", "olga", "operator", nil),
        ("approver-token", "alice", "approver", nil),
        ("agent-a-token", "agent-a", "agent", "store-a"),
    ]

    let process: Process
    let port: Int
    private let session: URLSession

    /// Writes a config of token hashes beside the store and starts the service on it; its stderr
    /// (the log) goes to `stderrFile` when given.
    init(store: String, config: String, extraConfig: String = "", stderrFile: String? = nil) throws {
        let entries = Self.tokens.map { token in
            let cluster = token.cluster.map { #","cluster":"\#($0)""# } ?? ""
            return #"{"name":"\#(token.name)","role":"\#(token.role)","sha256":"\#(TokenBook.hash(token.token))"\#(cluster)}"#
        }
        let text = #"{"tickIntervalMs":200,"# + extraConfig + #""tokens":["# + entries.joined(separator: ",") + "]}"
        try FileManager.default.createDirectory(atPath: (config as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: config, contents: Data(text.utf8))
        let (process, output) = try OrchestratorProcess.start(["run", "--store", store, "--port", "0", "--config", config],
                                                                stderrFile: stderrFile)
        var reader = LineReader(output)
        guard let line = reader.next(), line.hasPrefix("listening on "), let port = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            process.terminate()
            throw ServiceProcessError.didNotStart
        }
        self.process = process
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    /// Sends a request; returns the status and the body.
    func call(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Sends a request and decodes a JSON object answer.
    func object(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (Int, [String: Any]) {
        let (status, data) = try await call(method, path, token: token, json: json)
        let object = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        return (status, object)
    }

    /// SIGTERM, then the exit status.
    func terminate() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        session.invalidateAndCancel()
        return process.terminationStatus
    }

    /// SIGKILL: no chance to close anything.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        session.invalidateAndCancel()
    }
}

enum ServiceProcessError: Error { case didNotStart }
