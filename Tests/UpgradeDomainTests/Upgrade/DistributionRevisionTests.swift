import Testing
import UpgradeDomain

/// RKE2 and K3s release the same Kubernetes more than once (`v1.30.4+rke2r1`, then `+rke2r2`):
/// the revision orders builds of one distribution, as numbers, and a step back is a downgrade
/// (ADR 0023). The image tag form `-rke2r1` is the same revision.
@Suite("Distribution revisions in Kubernetes versions")
struct DistributionRevisionTests {
    func version(_ text: String) throws -> K8sVersion { try K8sVersion(parsing: text) }

    @Test(arguments: [
        ("v1.30.4+rke2r1", "v1.30.4+rke2r2"),
        ("1.30.4+rke2r9", "1.30.4+rke2r10"),
        ("v1.31.2+k3s1", "v1.31.2+k3s2"),
        ("1.31.2+k3s09", "1.31.2+k3s10"),
        ("1.30.4+rke2r99999999999999999999", "1.30.4+rke2r100000000000000000000"),
        ("1.30.4-rke2r1", "v1.30.4+rke2r2"),
        ("v1.30.4+rke2r1", "1.30.4-rke2r3"),
        ("1.30.4+RKE2R1", "1.30.4+rke2r2"),
    ])
    func aLaterRevisionOfOneDistributionComesAfterAndGoingBackToTheEarlierIsADowngrade(_ earlier: String, _ later: String) throws {
        let (old, new) = (try version(earlier), try version(later))
        #expect(old < new)
        #expect(!(new < old))
        #expect(old != new)
        #expect(!new.goesBack(from: old))
        #expect(old.goesBack(from: new))
    }

    @Test(arguments: [
        ("1.30.4-rke2r1", "v1.30.4+rke2r1"),
        ("v1.31.2-k3s2", "1.31.2+k3s2"),
        ("1.30.4+rke2r01", "1.30.4+rke2r1"),
        ("1.30.4+Rke2R1", "1.30.4+rke2r1"),
        ("1.30.4+k0s.0", "1.30.4"),
        ("1.30.4+build.7", "v1.30.4+build.6"),
        ("1.30.4+rke2r1.1", "1.30.4"),
        ("1.30.4+k3s", "1.30.4+rke2r"),
    ])
    func twoSpellingsOfOneRevisionOrBuildsThatNameNoneAreEqualAndHashEqual(_ left: String, _ right: String) throws {
        let (a, b) = (try version(left), try version(right))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(!a.goesBack(from: b) && !b.goesBack(from: a))
    }

    @Test(arguments: [
        ("1.30.4-rke2r1", DistributionRevision(distribution: .rke2, number: "1")),
        ("v1.30.4+rke2r12", DistributionRevision(distribution: .rke2, number: "12")),
        ("v1.31.2+k3s1", DistributionRevision(distribution: .k3s, number: "1")),
        ("1.31.2-k3s007", DistributionRevision(distribution: .k3s, number: "7")),
        ("1.31.0-rc.1+k3s0", DistributionRevision(distribution: .k3s, number: "0")),
    ])
    func theRevisionIsReadFromTheBuildOrTheImageTagForm(_ text: String, _ expected: DistributionRevision) throws {
        let parsed = try version(text)
        #expect(parsed.revision == expected)
        #expect(parsed.description == text.drop { $0 == "v" }.description, "the text is kept as written")
    }

    @Test func theImageTagFormIsNotAPreReleaseButAnotherTagStillIs() throws {
        #expect(try version("1.30.4-rke2r1").preRelease.isEmpty)
        #expect(try version("1.30.4-rke2r1") > version("1.30.4-rc.1"))
        // `-rke2r1` followed by a build is written as no distribution writes it: its tag stays a pre-release.
        #expect(try version("1.30.4-rke2r1+rke2r1").preRelease == ["rke2r1"])
        #expect(try version("1.30.4-rke2r1.1").preRelease == ["rke2r1", "1"])
        #expect(try version("1.30.4-rke2r1.1").revision == nil)
    }

    @Test(arguments: [("1.30.4+rke2r1", "1.30.4+k3s1"), ("v1.30.4+rke2r2", "v1.30.4-k3s9"), ("1.31.0-rc.1+rke2r1", "1.31.0-rc.1+k3s1")])
    func buildsOfTwoDistributionsAreNeverEqualAndNeitherGoesBackFromTheOther(_ left: String, _ right: String) throws {
        let (a, b) = (try version(left), try version(right))
        #expect(a != b)
        #expect(Set([a, b]).count == 2)
        #expect((a < b) != (b < a), "sorted one way, so that they are never equal")
        #expect(!a.goesBack(from: b) && !b.goesBack(from: a))
    }

    @Test func aBuildThatNamesNoRevisionNeitherGoesBackNorForward() throws {
        for (from, to) in [("1.30.4+rke2r2", "1.30.4"), ("1.30.4", "1.30.4+rke2r1"), ("1.30.4+rke2r2", "1.30.4+build.1")] {
            #expect(try !version(to).goesBack(from: version(from)), "\(from) → \(to)")
            #expect(try !version(from).goesBack(from: version(to)), "\(to) → \(from)")
        }
        // Sorting still places it: before the revisions of its version.
        #expect(try version("1.30.4+build.1") < version("1.30.4+k3s1"))
    }

    static let table = [
        "1.29.9", "v1.30.4", "1.30.4+k0s.0", "1.30.4-rc.1", "1.30.4-rc.1+rke2r1", "1.30.4-rc.1+rke2r2",
        "1.30.4+rke2r1", "1.30.4-rke2r1", "1.30.4+rke2r2", "1.30.4+RKE2R10", "1.30.4+k3s1", "1.30.4-k3s2",
        "1.30.4+k3s10", "1.30.5", "1.30.5+rke2r1", "1.31.0-alpha.1", "1.31.0+k3s1",
    ]

    @Test func theOrderIsTotalAndEqualityAndHashingFollowIt() throws {
        let versions = try Self.table.map(version)
        for a in versions {
            for b in versions {
                let outcomes = [a < b, a == b, b < a].filter { $0 }
                #expect(outcomes.count == 1, "\(a) and \(b): exactly one of <, ==, >")
                if a == b { #expect(a.hashValue == b.hashValue, "\(a) == \(b)") }
                if a.goesBack(from: b) { #expect(a < b, "\(b) → \(a) goes back, so \(a) sorts first") }
                for c in versions where a < b && b < c {
                    #expect(a < c, "\(a) < \(b) < \(c)")
                }
            }
        }
    }
}
