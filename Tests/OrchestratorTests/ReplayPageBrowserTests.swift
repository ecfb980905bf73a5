import Foundation
import Testing

/// The replay page, loaded by a real browser (headless Chromium): it must parse into a DOM with
/// the summary and the three charts, with nothing fetched from elsewhere.
@Suite("The replay page in a browser")
struct ReplayPageBrowserTests {
    let folder = ScratchFolder("page")

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func chromiumRendersTheSummaryAndThreeCharts() throws {
        guard let browser = Self.chromium else {
            Issue.record("no Chromium found: run tools/bootstrap.sh --with-browser")
            return
        }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let page = folder.child("replay.html")
        let scenario = ReplayCommandTests.scenarios + "/mixed-repave-approval-waves.json"
        #expect(try OrchestratorProcess.run(["replay", scenario, "--scale", "0.05", "--html", page]).exitCode == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.child("profile"))", "--dump-dom", "file://\(page)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(dom.components(separatedBy: "<svg").count - 1 == 3)
        #expect(dom.contains("Replay: mixed-repave-approval-waves"))
        #expect(dom.contains("makespan:"))
        #expect(dom.contains("<rect"))
        #expect(!dom.contains("http://") && !dom.contains("https://"))
    }
}
