/// What `options.system.uri` depends on through templates, followed transitively.
///
/// Starting from the URI, every `.spectro.pack.<pack>.<path>` reference to this pack is followed
/// into the values it names, and their own references are followed in turn (breadth first, so each
/// path keeps its shortest chain). References found in the old or the new values both count: a
/// change to a value either version of the URI uses changes the image.
struct ImageReferences: Sendable {
    static let uriPath = ValuePath(parsing: "options.system.uri")

    /// The chain from the URI to each referenced path, the URI first.
    private(set) var chains: [ValuePath: [ValuePath]] = [:]
    /// The chain to the value that uses the Kubernetes version, if any does.
    private(set) var kubernetesVersionChain: [ValuePath]?

    /// `selfPacks` are the names this pack is referenced by; empty means any pack name counts.
    init(values: [PackValues], selfPacks: Set<String>) {
        var texts: [ValuePath: [String]] = [:]
        for pack in values {
            for (path, leaf) in pack.leaves {
                if let text = leaf.stringText { texts[path, default: []].append(text) }
            }
        }
        let sortedLeaves = texts.keys.sorted()
        var queue: [(ValuePath, [ValuePath])] = [(Self.uriPath, [Self.uriPath])]
        var visited: Set<ValuePath> = [Self.uriPath]
        while !queue.isEmpty {
            let (target, chain) = queue.removeFirst()
            for leaf in sortedLeaves where leaf.hasPrefix(target) {
                let leafChain = leaf == target ? chain : chain + [leaf]
                let references = (texts[leaf] ?? []).flatMap(TemplateReference.all(in:))
                for reference in references {
                    switch reference {
                    case .kubernetesVersion:
                        if kubernetesVersionChain == nil { kubernetesVersionChain = leafChain }
                    case let .packValue(pack, path):
                        guard selfPacks.isEmpty || selfPacks.contains(pack), !visited.contains(path) else { continue }
                        visited.insert(path)
                        chains[path] = leafChain + [path]
                        queue.append((path, leafChain + [path]))
                    }
                }
            }
        }
    }

    /// The chain from the URI to `path` when the URI uses it (or a map that holds it), else nil.
    func chain(to path: ValuePath) -> [ValuePath]? {
        let candidates = chains.filter { path.hasPrefix($0.key) && $0.key != Self.uriPath }
        guard let best = candidates.min(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }) else {
            return nil
        }
        return best.key == path ? best.value : best.value + [path]
    }
}
