/// What a configuration costs per hour: the `cost:` section's prices and the components' own
/// `cost_per_hour`, applied to the sizes the model starts with.
///
/// A plan compares configurations by this figure, which depends on the spec alone (no run); a
/// run reports what it cost over its course (``RunResult/cost``), where the replicas and workers
/// an autoscaler or timeline adds count for the time they ran.
extension SimulationSpec {
    /// Price per hour of the whole configuration as it starts, in the model's currency.
    public var costPerHour: Double {
        let prices = cost ?? CostSpec()
        return components.reduce(0) { total, component in
            total + component.kind.fixedCostPerHour(prices)
                + Double(component.kind.startingFleet) * component.kind.unitCostPerHour(prices)
        }
    }

    /// The currency of ``costPerHour``: the `cost:` section's, else ``CostSpec/defaultCurrency``.
    public var currency: String { cost?.currency ?? CostSpec.defaultCurrency }
}
