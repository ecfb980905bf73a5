import EventStore
import Foundation
import Logging
import Testing
@testable import Service

/// `docs/openapi.yaml` describes exactly the routes the server registers.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static var documentPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml").path
    }

    /// `METHOD /path/{param}` for every operation under `paths:`.
    static func documented() throws -> Set<String> {
        let text = try String(contentsOfFile: documentPath, encoding: .utf8)
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, let first = line.first, first != " ", first != "#" { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) { operations.insert("\(method) \(path)") }
            }
        }
        return operations
    }

    @Test func everyRegisteredRouteIsDocumentedAndNothingElse() async throws {
        let folder = NSTemporaryDirectory() + "orchestrator-openapi-\(UUID().uuidString)"
        let store = try EventStore.open(at: folder)
        defer { store.close(); try? FileManager.default.removeItem(atPath: folder) }
        let service = ClusterService(store: store, clock: ManualClock(), metrics: ServiceMetrics(), logger: Logger(label: "test"))
        let router = buildRouter(configuration: ServiceConfiguration(), service: service, readiness: Readiness())
        let registered = Set(router.routes.map { route in
            let path = route.path.description.split(separator: "/").map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
        let documented = try Self.documented()
        #expect(registered.subtracting(documented).sorted() == [], "registered but not in docs/openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "in docs/openapi.yaml but not registered")
        #expect(registered.count >= 20)
    }
}
