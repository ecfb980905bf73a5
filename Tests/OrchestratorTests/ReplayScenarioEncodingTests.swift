import Foundation
import Testing

/// `replay` reads a scenario in UTF-16 or UTF-32 as its UTF-8 twin, on the real binary: the same
/// summary, report and export, and a template variable the store cannot keep refused (exit 65,
/// file and JSON path named, nothing written), where it used to be rounded without a word.
@Suite("orchestrator replay, scenario files in UTF-16 and UTF-32")
struct ReplayScenarioEncodingTests {
    let folder = ScratchFolder("replay-scenario-encoding")

    /// An encoding a scenario file may be in, written with its byte order mark or without one.
    struct Form: CustomTestStringConvertible, Sendable {
        let name: String
        let encoding: UInt
        let marked: Bool
        var testDescription: String { name + (marked ? " with a byte order mark" : "") }

        func bytes(_ text: String) -> Data {
            let foundation = String.Encoding(rawValue: encoding)
            return (marked ? "\u{FEFF}".data(using: foundation)! : Data()) + text.data(using: foundation)!
        }
    }

    static let forms = [
        Form(name: "UTF-16LE", encoding: String.Encoding.utf16LittleEndian.rawValue, marked: true),
        Form(name: "UTF-16BE", encoding: String.Encoding.utf16BigEndian.rawValue, marked: true),
        Form(name: "UTF-16LE", encoding: String.Encoding.utf16LittleEndian.rawValue, marked: false),
        Form(name: "UTF-32LE", encoding: String.Encoding.utf32LittleEndian.rawValue, marked: true),
        Form(name: "UTF-32BE", encoding: String.Encoding.utf32BigEndian.rawValue, marked: false),
    ]

    /// The AWS template scenario as UTF-8 text, its first class's variable `big` set to `number`.
    func text(big number: String) throws -> String {
        let source = ReplayTemplateNumbersTests()
        return try withExtendedLifetime(source) {
            try String(contentsOfFile: try source.scenario("source.json", big: number), encoding: .utf8)
        }
    }

    /// `bytes` written as `name` in a folder of its own (so two twins have the same file name).
    func write(_ bytes: Data, as name: String) throws -> String {
        let subfolder = folder.child(UUID().uuidString)
        try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: true)
        let file = subfolder + "/" + name
        try bytes.write(to: URL(fileURLWithPath: file))
        return file
    }

    @Test(arguments: forms)
    func aFortyDigitVariableIsRefusedNamingTheFileAndPathAndNothingIsWritten(form: Form) throws {
        let forty = "1234567890123456789012345678901234567891"
        let file = try write(form.bytes(try text(big: forty)), as: "wide.json")
        let store = folder.child("never-store"), report = folder.child("never-report.json")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--store", store, "--report", report])
        #expect(outcome.exitCode == 65)
        #expect(outcome.stderr == "orchestrator: \(file): $.fleet[0].variables.big: the number \(forty) "
            + "cannot be kept exactly (numbers are kept to 38 significant digits, with exponents from -128 to 127); write it as a string\n")
        #expect(!FileManager.default.fileExists(atPath: store))
        #expect(!FileManager.default.fileExists(atPath: report))
    }

    /// What one replay gives: its summary, its report and its store's export.
    func replay(_ file: String) throws -> (summary: String, report: Data, export: Data) {
        let run = UUID().uuidString
        let store = folder.child("store-\(run)"), report = folder.child("report-\(run).json")
        let outcome = try OrchestratorProcess.run(["replay", file, "--scale", "0.01", "--seed", "7", "--store", store, "--report", report])
        try #require(outcome.exitCode == 0, "\(outcome.stderr)")
        let export = try OrchestratorProcess.run(["export", "--store", store])
        try #require(export.exitCode == 0, "\(export.stderr)")
        let summary = outcome.stdout.replacingOccurrences(of: store, with: "STORE").replacingOccurrences(of: report, with: "REPORT")
        return (summary, try Data(contentsOf: URL(fileURLWithPath: report)), export.stdoutData)
    }

    @Test(arguments: [forms[0], forms[1], forms[3]])
    func aValidScenarioGivesWhatItsUTF8TwinGives(form: Form) throws {
        let text = try text(big: "123456789012345678901")
        let twin = try replay(try write(Data(text.utf8), as: "scenario.json"))
        let wide = try replay(try write(form.bytes(text), as: "scenario.json"))
        #expect(wide.summary == twin.summary)
        #expect(wide.report == twin.report)
        #expect(wide.export == twin.export)
        #expect(String(decoding: wide.export, as: UTF8.self).contains(#""big":123456789012345678901"#))
    }
}
