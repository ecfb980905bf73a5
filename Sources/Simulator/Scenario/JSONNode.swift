import Engine
import Foundation
import UpgradeDomain

/// A JSON value with the path it was found at, for reading a scenario strictly: every wrong type,
/// missing key or unknown key is an error naming its JSON path (`$.fleet[2].workers`).
///
/// `value` is what `JSONSerialization` reads, which rounds a number through `Double` past about 17
/// significant digits; `exact` is the same value as the engine's own parser reads it
/// (`TemplateValue.exactJSON`), every number by its digits, for template variables
/// (``templateValue()``). It is nil for a node made by hand. A document in UTF-16 or UTF-32 (which
/// `JSONSerialization` reads, and the exact reader does not) is transcoded to UTF-8 first
/// (`JSONTextEncoding`), so both read the same text whatever the file's encoding (ADR 0020). A key
/// an object gives twice, which `JSONSerialization` reads past keeping one, is an error naming
/// its path (the exact reader names it).
struct JSONNode {
    let value: Any
    let path: String
    var exact: TemplateValue? = nil

    static func parse(_ data: Data, file: String) throws(ScenarioError) -> JSONNode {
        let text: Data
        do { text = try JSONTextEncoding.utf8(data) } catch { throw ScenarioError(path: "$", problem: error.problem, file: file) }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: text, options: [.fragmentsAllowed])
        } catch {
            throw ScenarioError(path: "$", problem: "not valid JSON (\(Self.reason(error)))", file: file)
        }
        guard let exact = TemplateValue.exactJSONNamingRepeatedKey(text) else { return JSONNode(value: value, path: "$") }
        if let repeated = exact.repeatedKey {
            throw ScenarioError(path: repeated, problem: "given twice in one object; give each key once (a JSON reader keeps only one of the two)", file: file)
        }
        return JSONNode(value: value, path: "$", exact: exact.value)
    }

    private static func reason(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.replacingOccurrences(of: "\n", with: " ")
    }

    func fail(_ problem: String) -> ScenarioError { ScenarioError(path: path, problem: problem) }

    /// The members of an object, checked against the keys it may have.
    func object(allowing keys: Set<String>) throws(ScenarioError) -> JSONObject {
        guard let dictionary = value as? [String: Any] else { throw fail("expected an object") }
        if let unknown = dictionary.keys.sorted().first(where: { !keys.contains($0) }) {
            throw ScenarioError(path: path + "." + unknown, problem: "unknown key (expected one of: \(keys.sorted().joined(separator: ", ")))")
        }
        guard case .object(let exactMembers)? = exact else { return JSONObject(members: dictionary, path: path) }
        return JSONObject(members: dictionary, path: path, exactMembers: exactMembers)
    }

    func array() throws(ScenarioError) -> [JSONNode] {
        guard let items = value as? [Any] else { throw fail("expected an array") }
        var exactItems: [TemplateValue]?
        if case .array(let twins)? = exact, twins.count == items.count { exactItems = twins }
        return items.enumerated().map { JSONNode(value: $0.element, path: "\(path)[\($0.offset)]", exact: exactItems?[$0.offset]) }
    }

    func string() throws(ScenarioError) -> String {
        guard let text = value as? String else { throw fail("expected a string") }
        return text
    }

    func int(in range: ClosedRange<Int> = Int.min...Int.max) throws(ScenarioError) -> Int {
        guard !isBoolean, let number = value as? NSNumber,
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9e15 else {
            throw fail("expected an integer")
        }
        let integer = Int(number.doubleValue)
        guard range.contains(integer) else { throw fail("expected an integer in \(range.lowerBound)...\(range.upperBound), got \(integer)") }
        return integer
    }

    func double(in range: ClosedRange<Double>) throws(ScenarioError) -> Double {
        guard !isBoolean, let number = value as? NSNumber else { throw fail("expected a number") }
        guard range.contains(number.doubleValue) else { throw fail("expected a number in \(range.lowerBound)...\(range.upperBound), got \(number.doubleValue)") }
        return number.doubleValue
    }

    func bool() throws(ScenarioError) -> Bool {
        guard isBoolean, let flag = value as? Bool else { throw fail("expected true or false") }
        return flag
    }

    /// JSON true/false (NSNumber bridges to Bool too, so ask for the boolean class itself).
    var isBoolean: Bool {
        let name = String(describing: type(of: value))
        return name.contains("Boolean") || value is Swift.Bool && !(value is NSNumber)
    }
}

/// An object's members, read by key with their paths.
struct JSONObject {
    let members: [String: Any]
    let path: String
    /// The members as the engine's parser reads them (see ``JSONNode/exact``), when known.
    var exactMembers: [String: TemplateValue]? = nil

    func optional(_ key: String) -> JSONNode? {
        members[key].map { JSONNode(value: $0, path: path + "." + key, exact: exactMembers?[key]) }
    }

    func required(_ key: String) throws(ScenarioError) -> JSONNode {
        guard let node = optional(key) else { throw ScenarioError(path: path + "." + key, problem: "missing") }
        return node
    }
}

/// A scenario problem: where (JSON path, and file when not the scenario itself) and what.
public struct ScenarioError: Error, Equatable, CustomStringConvertible {
    /// Why a file could not be read at all (its contents were never looked at).
    public enum FileProblem: Sendable, Equatable { case missing, permissionDenied }

    public var path: String
    public var problem: String
    public var file: String?
    /// Set when the file itself could not be read; nil for a problem in its contents.
    public var fileProblem: FileProblem?

    public init(path: String, problem: String, file: String? = nil, fileProblem: FileProblem? = nil) {
        self.path = path
        self.problem = problem
        self.file = file
        self.fileProblem = fileProblem
    }

    /// The file at `file` cannot be read: missing, a folder, or not readable by this user.
    static func unreadable(_ file: String) -> ScenarioError {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            return ScenarioError(path: "$", problem: "cannot read the file: it does not exist", file: file, fileProblem: .missing)
        }
        if isFolder.boolValue {
            return ScenarioError(path: "$", problem: "cannot read the file: it is a folder", file: file, fileProblem: .missing)
        }
        if access(file, R_OK) != 0 {
            return ScenarioError(path: "$", problem: "cannot read the file: permission denied", file: file, fileProblem: .permissionDenied)
        }
        return ScenarioError(path: "$", problem: "cannot read the file", file: file, fileProblem: .missing)
    }

    /// `FILE: PATH: problem`; a file that cannot be read has no path inside it to name.
    public var description: String {
        (file.map { "\($0): " } ?? "") + (fileProblem == nil ? "\(path): " : "") + problem
    }
}
