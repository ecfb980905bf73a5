/// Keys numbered in the order first seen; the last two keys' slots are remembered, since
/// neighbouring events mostly share a key, or alternate between two.
struct KeySlots<Key: Hashable & Sendable>: Sendable {
    private var index: [Key: Int32] = [:]
    private(set) var keys: [Key] = []
    /// The slots of the last two keys seen (-1: none), compared in place (no copy of the key).
    private var lastSlot: Int32 = -1, otherSlot: Int32 = -1

    /// The key's slot, made when new. A handful of keys are searched in turn (comparing strings
    /// that share storage costs next to nothing), more through the dictionary.
    mutating func slot(of key: Key) -> Int32 {
        if lastSlot >= 0 && keys[Int(lastSlot)] == key { return lastSlot }
        let slot = otherSlot >= 0 && keys[Int(otherSlot)] == key ? otherSlot : find(key)
        (otherSlot, lastSlot) = (lastSlot, slot)
        return slot
    }

    private mutating func find(_ key: Key) -> Int32 {
        if keys.count <= 8 {
            if let found = keys.firstIndex(of: key) { return Int32(found) }
        } else if let found = index[key] {
            return found
        }
        let slot = Int32(keys.count)
        keys.append(key)
        if keys.count > 8 {
            if index.isEmpty { for (slot, key) in keys.enumerated() { index[key] = Int32(slot) } } else { index[key] = slot }
        }
        return slot
    }
}
