import Foundation
import UpgradeDomain

extension JSONNode {
    /// Any JSON value as template variables: integers stay integers, fractions are numbers, each
    /// exactly as written (by value) when the engine's parser read the document (``exact``), as
    /// the service reads a request's variables; else through `JSONSerialization`'s values.
    func templateValue() throws(ScenarioError) -> TemplateValue {
        if let exact { return exact }
        switch value {
        case is NSNull:
            return .null
        case let text as String:
            return .string(text)
        case let items as [Any]:
            var values: [TemplateValue] = []
            for (offset, item) in items.enumerated() {
                values.append(try JSONNode(value: item, path: "\(path)[\(offset)]").templateValue())
            }
            return .array(values)
        case let members as [String: Any]:
            var values: [String: TemplateValue] = [:]
            for key in members.keys.sorted() {
                values[key] = try JSONNode(value: members[key]!, path: path + "." + key).templateValue()
            }
            return .object(values)
        case let number as NSDecimalNumber:
            // JSONSerialization reads a whole number past UInt64 this way, by its digits.
            return .exactly(TemplateNumber(number.decimalValue))
        case let number as NSNumber:
            if isBoolean { return .bool(try bool()) }
            let type = String(cString: number.objCType)
            if type == "Q" { return .exactly(TemplateNumber(number.uint64Value)) }
            let double = number.doubleValue
            if type != "d" && type != "f", double == double.rounded(), abs(double) < 9e15 {
                return .integer(number.int64Value)
            }
            guard double.isFinite else { throw fail("expected a finite number") }
            return .exactly(TemplateNumber(double))
        default:
            throw fail("expected a JSON value")
        }
    }
}
