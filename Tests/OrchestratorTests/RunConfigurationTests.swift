import Foundation
import Testing

/// `orchestrator run` refuses a config file, variable or flag it cannot use: one line naming the
/// file and JSON path (65) or the variable or flag (64), and no store is created.
@Suite("orchestrator run configuration checks")
struct RunConfigurationTests {
    static let hash = String(repeating: "ab", count: 32)
    static let other = String(repeating: "cd", count: 32)

    @Test(arguments: [
        (#"{"tokens":[{"name":"a","role":"agent","sha256":"\#(hash)"}]}"#, "tokens[0].cluster: an agent token names the one cluster it acts for"),
        (#"{"tokens":[{"name":"o","role":"operator","sha256":"\#(hash)","cluster":"x"}]}"#, "tokens[0].cluster: only an agent token names a cluster"),
        (#"{"bodyLimitBytes":0}"#, "bodyLimitBytes: 0 must be above 0"),
        (#"{"bodyLimitBytes":-5}"#, "bodyLimitBytes: -5 must be above 0"),
        (#"{"longPollMaxMs":-1}"#, "longPollMaxMs: -1 must be 0 or more"),
        (#"{"tickIntervalMs":-1}"#, "tickIntervalMs: -1 must be above 0"),
        (#"{"port":99999}"#, "port: 99999 is not a port"),
        (#"{"tokens":[{"name":"o","role":"operator","sha256":"abc"}]}"#, "tokens[0].sha256: must be 64 hexadecimal digits"),
        (#"{"tokens":[{"name":"o","role":"operator","sha256":"\#(hash)"},{"name":"o","role":"viewer","sha256":"\#(other)"}]}"#,
         "tokens[1].name: o is also the name of tokens[0]"),
        (#"{"tokens":[{"name":"o","role":"operator","sha256":"\#(hash)"},{"name":"v","role":"viewer","sha256":"\#(hash.uppercased())"}]}"#,
         "tokens[1].sha256: is also the hash of tokens[0]"),
        (#"{"tokens":[{"role":"operator","sha256":"\#(hash)"}]}"#, "tokens[0].name is missing"),
        (#"{"tokens":[{"name":"","role":"operator","sha256":"\#(hash)"}]}"#, "tokens[0].name: is empty"),
        (#"{"tokens":[{"name":"\#(String(repeating: "o", count: 401))","role":"operator","sha256":"\#(hash)"}]}"#,
         "tokens[0].name: is 401 bytes long, longer than the 400 allowed"),
        (#"{"tokens":[{"name":"o","role":"admin","sha256":"\#(hash)"}]}"#, "tokens[0].role: admin is not one of viewer, operator, approver, agent"),
        (#"{"tokens":[{"name":"o","role":"operator","sha256":"\#(hash)","nmae":"x"}]}"#, "tokens[0].nmae: is not a setting"),
        (#"{"prot":8080}"#, "prot: is not a setting"),
        (#"{"tls":{"certificateFile":"c.pem","privateKeyFile":"k.pem","password":"x"}}"#, "tls.password: is not a setting"),
        (#"{"port":"8080"}"#, "port should be a whole number"),
        (#"{"tokens":[],"tickIntervalMs":0.5}"#, "tickIntervalMs should be a whole number"),
        (#"{"tokens":{}}"#, "tokens should be an array"),
        (#"{"port":8080"#, "the file is not valid JSON"),
    ])
    func aBadConfigFileIsOneLineNamingTheFileAndJSONPath(config: String, message: String) throws {
        let folder = ScratchFolder("run-config-check")
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let file = folder.child("orchestrator.json")
        _ = FileManager.default.createFile(atPath: file, contents: Data(config.utf8))
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", file, "--port", "0"])
        #expect(outcome.exitCode == 65, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("orchestrator: \(file): \(message)"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        for leak in ["DecodingError", "Debug description", "CodingKeys"] { #expect(!outcome.stderr.contains(leak)) }
        #expect(!FileManager.default.fileExists(atPath: folder.child("store")))
    }

    @Test func aFolderGivenAsTheConfigIsSaidToBeAFolder() throws {
        let folder = ScratchFolder("run-config-folder")
        try FileManager.default.createDirectory(atPath: folder.child("conf"), withIntermediateDirectories: true)
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store"), "--config", folder.child("conf")])
        #expect(outcome.exitCode == 65, "\(outcome.stderr)")
        #expect(outcome.stderr == "orchestrator: config file \(folder.child("conf")) is a folder, not a JSON file\n")
    }

    @Test(arguments: [
        (["ORCHESTRATOR_PORT": "abc"], [String](), "orchestrator: ORCHESTRATOR_PORT abc is not a port (0…65535)"),
        (["ORCHESTRATOR_PORT": "99999"], [], "orchestrator: ORCHESTRATOR_PORT 99999 is not a port (0…65535)"),
        (["ORCHESTRATOR_BODY_LIMIT_BYTES": "-4"], [], "orchestrator: ORCHESTRATOR_BODY_LIMIT_BYTES -4 is not a number of bytes above 0"),
        (["ORCHESTRATOR_TICK_INTERVAL_MS": "0"], [], "orchestrator: ORCHESTRATOR_TICK_INTERVAL_MS 0 is not a number of milliseconds above 0"),
        (["ORCHESTRATOR_TLS_CERTIFICATE": "c.pem"], [], "orchestrator: ORCHESTRATOR_TLS_CERTIFICATE is set without ORCHESTRATOR_TLS_PRIVATE_KEY"),
        (["ORCHESTRATOR_HOST": "999.1.1.1"], [], "orchestrator: run: host 999.1.1.1 does not resolve to an address (--host, ORCHESTRATOR_HOST or the config's \"host\")"),
        ([:], ["--host", "nosuchhost.invalid"], "orchestrator: run: host nosuchhost.invalid does not resolve to an address (--host, ORCHESTRATOR_HOST or the config's \"host\")"),
        ([:], ["--port", "70000"], "orchestrator: run: --port 70000 is not 0…65535"),
    ])
    func aBadVariableOrFlagIs64NamingIt(environment: [String: String], flags: [String], line: String) throws {
        let folder = ScratchFolder("run-env-check")
        // A free port unless the case gives its own: --port given twice is a usage error of its own.
        let port = flags.contains("--port") ? [] : ["--port", "0"]
        let outcome = try OrchestratorProcess.run(["run", "--store", folder.child("store")] + port + flags, environment: environment)
        #expect(outcome.exitCode == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix(line), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.child("store")))
    }
}
