import Testing
import UpgradeDomain

struct K8sVersionTests {
    @Test(arguments: [
        ("1.29.4", K8sVersion(major: 1, minor: 29, patch: 4)),
        ("v1.30.1", K8sVersion(major: 1, minor: 30, patch: 1)),
        ("1.30.1+rke2r1", K8sVersion(major: 1, minor: 30, patch: 1, suffix: "+rke2r1")),
        ("v1.31.2+k3s1", K8sVersion(major: 1, minor: 31, patch: 2, suffix: "+k3s1")),
        ("1.32", K8sVersion(major: 1, minor: 32, patch: 0)),
        ("v1.33.0-rc.1", K8sVersion(major: 1, minor: 33, patch: 0, suffix: "-rc.1")),
    ])
    func profileVersionStringsParse(_ text: String, _ expected: K8sVersion) throws {
        let version = try K8sVersion(parsing: text)
        #expect(version == expected)
        #expect(version.suffix == expected.suffix)
    }

    @Test(arguments: ["", "v", "1", "1.x.3", "1.2.3.4", "one.two", "1..2", "1.2.3+", "-1.2.3"])
    func garbageIsRejectedWithTheText(_ text: String) {
        #expect(throws: K8sVersionParseError(text: text)) { try K8sVersion(parsing: text) }
    }

    @Test func theVersionComesBeforeTheDistributionsRevision() throws {
        #expect(try K8sVersion(parsing: "1.30.10") > K8sVersion(parsing: "v1.30.9+k3s1"))
        #expect(try K8sVersion(parsing: "1.30.10+rke2r1") > K8sVersion(parsing: "v1.30.9+rke2r7"))
        #expect(try K8sVersion(parsing: "1.31.0") > K8sVersion(parsing: "1.30.99"))
    }
}
