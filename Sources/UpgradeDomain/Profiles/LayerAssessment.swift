/// How one pack's change classifies, within a profile change.
public struct LayerAssessment: Sendable, Hashable {
    public var layer: Layer
    /// The pack before and after (nil when added or dropped).
    public var oldPack: String?
    public var newPack: String?
    public var classification: Classification

    public init(layer: Layer, oldPack: String?, newPack: String?, classification: Classification) {
        self.layer = layer
        self.oldPack = oldPack
        self.newPack = newPack
        self.classification = classification
    }
}
