/// Why an upgrade waits without being paused by anyone.
public enum DeferralReason: String, Sendable, Hashable, Codable {
    /// The cluster's Kubernetes service is down; the upgrade resumes when it is healthy.
    case kubernetesServiceDown = "kubernetes-service-down"
}
