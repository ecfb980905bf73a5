import Foundation

/// The `Encoder` behind `CompactJSONEncoder`: writes into one `JSONSlot`.
final class JSONSlotEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var slot: JSONSlot = .empty

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing) = slot { box = existing } else { box = JSONObjectBox(); slot = .object(box) }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing) = slot { box = existing } else { box = JSONArrayBox(); slot = .array(box) }
        return JSONUnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleContainer(encoder: self) }

    /// Encodes a nested value: scalars directly, anything else through a child encoder. The path
    /// is built only for a child encoder (scalars never need it).
    static func slot<T: Encodable>(for value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONSlot {
        switch value {
        case let text as String: return JSONScalar.string(text)
        case let number as Int: return JSONScalar.integer(number)
        case let number as Int64: return JSONScalar.integer(number)
        case let number as UInt64: return JSONScalar.integer(number)
        case let number as Int32: return JSONScalar.integer(number)
        case let number as UInt32: return JSONScalar.integer(number)
        case let flag as Bool: return flag ? JSONScalar.yes : JSONScalar.no
        case let number as Double: return try JSONScalar.double(number)
        case let number as Decimal: return try JSONScalar.decimal(number)
        default:
            let child = JSONSlotEncoder(codingPath: codingPath())
            try value.encode(to: child)
            return child.slot
        }
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONObjectBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, JSONScalar.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, value ? JSONScalar.yes : JSONScalar.no) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, JSONScalar.string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, JSONScalar.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(key.stringValue, JSONScalar.integer(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.set(key.stringValue, try JSONScalar.double(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try JSONSlotEncoder.slot(for: value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBox()
        box.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        box.set(key.stringValue, .array(nested))
        return JSONUnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let encoder = JSONSlotEncoder(codingPath: codingPath + [key])
        let nested = JSONObjectBox()
        encoder.slot = .object(nested)
        box.set(key.stringValue, .object(nested))
        return encoder
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONArrayBox
    let codingPath: [any CodingKey]
    var count: Int { box.items.count }

    mutating func encodeNil() throws { box.items.append(JSONScalar.null) }
    mutating func encode(_ value: String) throws { box.items.append(JSONScalar.string(value)) }
    mutating func encode(_ value: Int) throws { box.items.append(JSONScalar.integer(value)) }
    mutating func encode(_ value: Int64) throws { box.items.append(JSONScalar.integer(value)) }
    mutating func encode(_ value: Bool) throws { box.items.append(value ? JSONScalar.yes : JSONScalar.no) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items.append(try JSONSlotEncoder.slot(for: value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBox()
        box.items.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        box.items.append(.array(nested))
        return JSONUnkeyedContainer(box: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONSlotEncoder(codingPath: codingPath)
        let nested = JSONObjectBox()
        encoder.slot = .object(nested)
        box.items.append(.object(nested))
        return encoder
    }
}

struct JSONSingleContainer: SingleValueEncodingContainer {
    let encoder: JSONSlotEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.slot = JSONScalar.null }
    mutating func encode(_ value: Bool) throws { encoder.slot = value ? JSONScalar.yes : JSONScalar.no }
    mutating func encode(_ value: String) throws { encoder.slot = JSONScalar.string(value) }
    mutating func encode(_ value: Int) throws { encoder.slot = JSONScalar.integer(value) }
    mutating func encode(_ value: Int64) throws { encoder.slot = JSONScalar.integer(value) }
    mutating func encode(_ value: Double) throws { encoder.slot = try JSONScalar.double(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.slot = try JSONSlotEncoder.slot(for: value, codingPath: encoder.codingPath)
    }
}
