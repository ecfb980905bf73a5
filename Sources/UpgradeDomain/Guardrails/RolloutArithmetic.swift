/// Cluster API's rolling-update arithmetic (`ResolveFenceposts` in its machine-deployment utilities).
public enum RolloutArithmetic {
    /// Resolves `budget` against `desiredReplicas`.
    ///
    /// Surge percentages round up, unavailable percentages round down. If both resolve to 0,
    /// unavailable becomes 1 (a percentage rounded away, not a user's explicit choice).
    /// Both given as the integer 0 is refused, as are negative values.
    public static func resolve(
        _ budget: RolloutBudget,
        desiredReplicas: Int
    ) throws(RolloutArithmeticError) -> ResolvedRollout {
        if budget.maxSurge == .count(0), budget.maxUnavailable == .count(0) {
            throw .bothZero
        }
        let surge = try scaled(budget.maxSurge, of: desiredReplicas, roundingUp: true, field: .maxSurge)
        let unavailable = try scaled(
            budget.maxUnavailable, of: desiredReplicas, roundingUp: false, field: .maxUnavailable)
        if surge == 0, unavailable == 0 {
            return ResolvedRollout(maxSurge: 0, maxUnavailable: 1, unavailableRaisedToOne: true)
        }
        return ResolvedRollout(maxSurge: surge, maxUnavailable: unavailable)
    }

    /// An int-or-percent value as a node count of `total`; a percentage whose share of `total`
    /// does not fit in an `Int` is `Int.max`.
    public static func scaled(
        _ value: RolloutValue,
        of total: Int,
        roundingUp: Bool,
        field: RolloutField
    ) throws(RolloutArithmeticError) -> Int {
        switch value {
        case .count(let n):
            guard n >= 0 else { throw .negative(field: field, value: value) }
            return n
        case .percent(let p):
            guard p >= 0 else { throw .negative(field: field, value: value) }
            // A share that does not fit in an Int is more than any pool holds: unbounded.
            let (product, overflow) = p.multipliedReportingOverflow(by: max(total, 0))
            if overflow { return .max }
            return product / 100 + (roundingUp && !product.isMultiple(of: 100) ? 1 : 0)
        }
    }
}
