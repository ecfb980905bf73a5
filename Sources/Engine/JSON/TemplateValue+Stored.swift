import Foundation
import UpgradeDomain

extension TemplateValue {
    /// The first number, in key order, that a stored event would not give back exactly: written as
    /// events are (`CompactJSONEncoder`) and read back as they are (`JSONDecoder`), it comes back
    /// another number. That is a number past a `Decimal`'s reach (more than 38 significant digits,
    /// or an exponent beyond −128 to 127) that is not a `Double`'s shortest text either. Its path
    /// from `root` (`variables.big`, `variables.list[2]`) and its text; nil when every number reads
    /// back exactly.
    public func firstNumberNotStoredExactly(root: String) -> (path: String, number: String)? {
        switch self {
        case .null, .bool, .integer, .string:
            return nil
        case .number(let number):
            return Self.readsBack(number) ? nil : (root, number.canonical)
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = item.firstNumberNotStoredExactly(root: "\(root)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                if let found = members[key]!.firstNumberNotStoredExactly(root: "\(root).\(key)") { return found }
            }
            return nil
        }
    }

    private static func readsBack(_ number: TemplateNumber) -> Bool {
        guard let written = try? CompactJSONEncoder().encode([TemplateValue.number(number)]),
              let read = try? JSONDecoder().decode([TemplateValue].self, from: Data(written)) else { return false }
        return read == [.number(number)]
    }
}
