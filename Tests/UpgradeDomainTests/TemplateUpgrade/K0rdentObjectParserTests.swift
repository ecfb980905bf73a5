import Testing
@testable import UpgradeDomain

@Suite("Reading k0rdent ClusterDeployment and ClusterTemplateChain")
struct K0rdentObjectParserTests {
    static let deployment = #"""
    {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ClusterDeployment","metadata":{"name":"prod-eu","namespace":"kcm-system","uid":"0b9c3f1e"},
     "spec":{"template":"aws-standalone-cp-1-0-15","credential":"aws-cluster-identity-cred",
             "config":{"clusterLabels":{},"region":"eu-west-1","controlPlaneNumber":1,"workersNumber":2,
                       "controlPlane":{"instanceType":"m6i.large"},"worker":{"instanceType":"m6i.large","rootVolumeSize":32}}}}
    """#

    static let chain = #"""
    {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ClusterTemplateChain","metadata":{"name":"aws-standalone-cp-1-0-15","namespace":"kcm-system"},
     "spec":{"supportedTemplates":[{"name":"aws-standalone-cp-1-0-15"},
                                   {"name":"aws-standalone-cp-1-0-14","availableUpgrades":[{"name":"aws-standalone-cp-1-0-15"}]},
                                   {"name":"aws-standalone-cp-1-0-12","availableUpgrades":[{"name":"aws-standalone-cp-1-0-14"},{"name":"aws-standalone-cp-1-0-15"}]}]}}
    """#

    @Test("a ClusterDeployment gives template name and variables")
    func deploymentSpec() throws {
        let spec = try K0rdentObjectParser.clusterDeployment(json: Self.deployment)
        #expect(spec.name == "prod-eu")
        #expect(spec.template == "aws-standalone-cp-1-0-15")
        #expect(spec.variables["worker"]?["rootVolumeSize"] == .integer(32))
        #expect(spec.variables["controlPlaneNumber"] == .integer(1))
    }

    @Test("a ClusterTemplateChain gives upgrade paths")
    func chainPaths() throws {
        let paths = try K0rdentObjectParser.clusterTemplateChain(json: Self.chain)
        #expect(paths == [
            TemplateUpgradePath(template: "aws-standalone-cp-1-0-15", availableUpgrades: []),
            TemplateUpgradePath(template: "aws-standalone-cp-1-0-14", availableUpgrades: ["aws-standalone-cp-1-0-15"]),
            TemplateUpgradePath(template: "aws-standalone-cp-1-0-12", availableUpgrades: ["aws-standalone-cp-1-0-14", "aws-standalone-cp-1-0-15"]),
        ])
        #expect(TemplateUpgradePath.refusal(from: "aws-standalone-cp-1-0-12", to: "aws-standalone-cp-1-0-15", paths: paths) == nil)
        #expect(TemplateUpgradePath.refusal(from: "aws-standalone-cp-1-0-15", to: "aws-standalone-cp-1-0-12", paths: paths)
            == .outsideUpgradePath(current: "aws-standalone-cp-1-0-15", target: "aws-standalone-cp-1-0-12", allowed: []))
    }

    @Test("errors name the path", arguments: [
        (#"{"metadata":{"name":"x"},"spec":{}}"#, "spec.template: missing"),
        (#"{"metadata":{"name":"x"}}"#, "spec: missing"),
        (#"{"metadata":{"name":"x"},"spec":{"template":7}}"#, "spec.template: expected string, got integer"),
    ])
    func deploymentErrors(json: String, expected: String) {
        #expect {
            _ = try K0rdentObjectParser.clusterDeployment(json: json)
        } throws: { error in
            (error as? CAPIWatchParseError)?.description == expected
        }
    }

    @Test("chain errors name the element path")
    func chainErrors() {
        #expect(throws: CAPIWatchParseError(path: "spec.supportedTemplates[1].availableUpgrades[0].name", problem: .missing)) {
            _ = try K0rdentObjectParser.clusterTemplateChain(
                json: #"{"spec":{"supportedTemplates":[{"name":"a"},{"name":"b","availableUpgrades":[{}]}]}}"#)
        }
    }
}
