/// Compares two value trees leaf by leaf.
///
/// A leaf is a scalar, an empty map or an empty list. A subtree that is added or removed is
/// reported as one change per leaf, never as one entry for the subtree, so every reported path
/// is a leaf and table rules match it the same way whatever the shape of the edit. Lists are
/// compared by position. The result is sorted by `ValuePath`.
public enum ValueDiff {
    /// The leaf-level changes from `old` to `new`, sorted by path.
    public static func changes(from old: PackValues, to new: PackValues) -> [ValueChange] {
        let before = old.leaves
        let after = new.leaves
        let paths = Set(before.keys).union(after.keys).sorted()
        return paths.compactMap { path in
            switch (before[path], after[path]) {
            case let (old?, new?):
                old == new ? nil : ValueChange(path: path, kind: .modified, old: old, new: new)
            case let (old?, nil):
                ValueChange(path: path, kind: .removed, old: old, new: nil)
            case let (nil, new?):
                ValueChange(path: path, kind: .added, old: nil, new: new)
            case (nil, nil):
                nil
            }
        }
    }
}
