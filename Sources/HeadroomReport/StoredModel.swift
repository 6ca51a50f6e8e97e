import HeadroomComponents
import HeadroomModeling
import HeadroomStore

/// A stored run's or sweep's model: the built specification the store kept with the run, or,
/// for runs stored before it kept one, rebuilt from the model text.
///
/// The report needs the spec for what the result does not hold: the topology (components and
/// flows) and the SLO. Rebuilding can fail for a model that read a CSV profile from a path no
/// longer there, or that today's parser reads differently; the report then says so instead of
/// drawing the topology. A stored spec needs neither.
enum StoredModel {
    /// The spec stored with run `runID` if there is one, else the spec rebuilt from the text.
    static func spec(
        store: RunStore, runID: Int64?, text: String, file: String, overrides: [String]
    ) -> Result<SimulationSpec, ReportError> {
        if let runID, let stored = try? store.spec(runID: runID) { return .success(stored) }
        return spec(text: text, file: file, overrides: overrides)
    }

    /// The spec of `text` with `overrides`, or the loader's message.
    static func spec(text: String, file: String, overrides: [String]) -> Result<SimulationSpec, ReportError> {
        do {
            return .success(try ModelLoader.load(text: text, file: file, overrides: overrides).spec)
        } catch {
            return .failure(ReportError("the model could not be rebuilt from the stored text: \(error)"))
        }
    }
}
