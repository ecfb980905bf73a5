import Foundation
import Simulator
import Testing

/// A valid scenario with one thing broken, and the JSON path and problem the parser must name.
struct BrokenScenario: CustomTestStringConvertible, Sendable {
    let label: String
    let path: String
    let problem: String
    let edit: @Sendable (inout [String: Any]) -> Void
    var testDescription: String { label }

    /// The scenario object as a file would hold it.
    static func data(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Breaks `valid` and checks the parser refuses it, naming the path and the problem.
    func expectRefused(startingFrom valid: [String: Any]) {
        var object = valid
        edit(&object)
        do {
            _ = try ScenarioParser.parse(Self.data(object), folder: ".")
            Issue.record("accepted a scenario with \(label)")
        } catch {
            #expect(error.path == path)
            #expect(error.problem.contains(problem), "\(error.problem)")
        }
    }
}
