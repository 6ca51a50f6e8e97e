import HeadroomComponents
import HeadroomModeling

/// A stored run's or sweep's model, rebuilt from the text the store kept.
///
/// The report needs the spec for what the result does not hold: the topology (components and
/// flows) and the SLO. Rebuilding can fail for a model that read a CSV profile from a path no
/// longer there; the report then says so instead of drawing the topology.
enum StoredModel {
    /// The spec of `text` with `overrides`, or the loader's message.
    static func spec(text: String, file: String, overrides: [String]) -> Result<SimulationSpec, ReportError> {
        do {
            return .success(try ModelLoader.load(text: text, file: file, overrides: overrides).spec)
        } catch {
            return .failure(ReportError("the model could not be rebuilt from the stored text: \(error)"))
        }
    }
}
