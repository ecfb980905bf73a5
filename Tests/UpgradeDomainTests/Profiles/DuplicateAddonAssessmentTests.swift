import Testing
import UpgradeDomain

/// A version stored before add-on names were checked may hold one add-on twice; assessing a move
/// from or to it takes the first of each name, as `ProfileVersion.pack(_:)` does for a layer,
/// instead of stopping the process.
@Suite("Assessing versions that hold one add-on twice")
struct DuplicateAddonAssessmentTests {
    static func version(_ number: String, addons: [(String, String)]) throws -> ProfileVersion {
        ProfileVersion(
            reference: ProfileReference(name: "retail", version: number), distribution: .k3s,
            packs: [ProfilePack(layer: .kubernetes, name: "edge-k3s", version: "1.30.4")]
                + (try addons.map { ProfilePack(layer: .addon, name: $0.0, version: "1.0.0", values: try PackValues(yaml: $0.1)) }))
    }

    @Test func theFirstOfEachNameIsAssessedOnBothSides() throws {
        let old = try Self.version("1.0.0", addons: [("hello", "replicas: 1\n"), ("hello", "replicas: 9\n")])
        let new = try Self.version("1.1.0", addons: [("hello", "replicas: 2\n"), ("hello", "replicas: 7\n")])
        let assessment = ProfileAssessment.assess(from: old, to: new, requestedBy: "olga")
        let addons = assessment.layers.filter { $0.layer == .addon }
        #expect(addons.count == 1)
        #expect(addons.first?.classification.changes.map(\.path.description) == ["replicas"])
        #expect(assessment.change.behavior == .serviceRestart)
        #expect(assessment.change.droppedPacks == [])
    }

    @Test func anUnchangedVersionWithATwiceNamedAddonIsNoChange() throws {
        let version = try Self.version("1.0.0", addons: [("hello", "a: 1\n"), ("hello", "a: 2\n")])
        let assessment = ProfileAssessment.assess(from: version, to: version, requestedBy: "olga")
        #expect(assessment.change.behavior == .noOp)
    }
}
