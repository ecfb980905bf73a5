import ArgumentParser
import Foundation

/// Options that take one value (`--since`, `--limit`, `--format`, `state --cluster`, `--store`, …):
/// swift-argument-parser keeps the last of several without a word, so `--since X --since Y` asked
/// about Y though the line named X as well. Each one given more than once is a usage error naming
/// it; options meant to repeat (arrays, such as audit's `--cluster`) are left alone.
///
/// Which options take one value, and which take the next argument whatever it looks like, is read
/// from the parser's own description of the commands (`_dumpHelp()`, the JSON behind
/// `--experimental-dump-help`): a new option is covered as soon as it is declared, and `--help`
/// stays what the parser writes (an array option would read `[--since <since> ...]` there).
struct SingleValueOptions {
    /// The first option of the command `arguments` name given more than once, as a usage failure;
    /// nothing when each is given once, or when help is asked for (help wins, as in the parser).
    /// `arguments` leave out the program's name.
    static func refuseRepeats(in arguments: [String], of root: ParsableCommand.Type) throws {
        guard let tool = try? JSONDecoder().decode(Tool.self, from: Data(root._dumpHelp().utf8)) else { return }
        var command = tool.command
        var rest = arguments[...]
        // The subcommands the arguments name first, as the parser reads them, then the default one.
        while true {
            if let first = rest.first, let named = command.subcommand(named: first) {
                command = named
                rest = rest.dropFirst()
            } else if let name = command.defaultSubcommand, let chosen = command.subcommand(named: name) {
                command = chosen
            } else {
                break
            }
        }
        var options: [String: Argument] = [:]
        for argument in command.arguments ?? [] {
            for name in argument.names ?? [] { options[name.spelled] = argument }
        }
        var counts: [String: Int] = [:]
        var order: [String] = []
        var index = rest.startIndex
        while index < rest.endIndex {
            let token = rest[index]
            index += 1
            if token == "--" { break }
            let name = token.split(separator: "=", maxSplits: 1).first.map(String.init) ?? token
            guard token.hasPrefix("-"), let argument = options[name] else { continue }
            if argument.isHelp { return }
            guard argument.kind == "option" else { continue }
            // Its value is the next argument even when that looks like an option (`--since --until`).
            if argument.parsingStrategy == "unconditional", !token.contains("=") { index += 1 }
            guard !argument.isRepeating, let preferred = argument.preferredName?.spelled else { continue }
            if counts[preferred, default: 0] == 0 { order.append(preferred) }
            counts[preferred, default: 0] += 1
        }
        if let repeated = order.first(where: { counts[$0]! > 1 }) {
            let times = counts[repeated]! == 2 ? "twice" : "\(counts[repeated]!) times"
            throw CommandFailure.usage("\(repeated) given \(times); give it once")
        }
    }

    // The parts of the parser's description read here (ArgumentParserToolInfo's ToolInfoV0).
    private struct Tool: Decodable {
        let command: Command
    }

    private struct Command: Decodable {
        let commandName: String
        let aliases: [String]?
        let defaultSubcommand: String?
        let subcommands: [Command]?
        let arguments: [Argument]?

        func subcommand(named name: String) -> Command? {
            subcommands?.first { $0.commandName == name || ($0.aliases ?? []).contains(name) }
        }
    }

    private struct Argument: Decodable {
        let kind: String
        let isRepeating: Bool
        let parsingStrategy: String
        let names: [Name]?
        let preferredName: Name?

        var isHelp: Bool { kind == "flag" && preferredName?.name == "help" }
    }

    private struct Name: Decodable {
        let kind: String
        let name: String

        /// As written on the command line: `--since`, `-h`, `-help`.
        var spelled: String { (kind == "long" ? "--" : "-") + name }
    }
}
