import Foundation
import HeadroomModeling
import Testing
@testable import HeadroomReport

@Suite struct TopologyTests {
    static func topology(_ text: String) throws -> Topology {
        Topology(spec: try ModelLoader.load(text: text, file: "t.yaml").spec)
    }

    static func topology(file: String) throws -> Topology {
        Topology(spec: try ModelLoader.load(file: ReportFixtures.root.appendingPathComponent(file).path).spec)
    }

    /// Edges as `from->to` (`~>` for enqueued jobs).
    static func edges(_ t: Topology) -> [String] {
        t.edges.map { "\(t.nodes[$0.from].name)\($0.async ? "~>" : "->")\(t.nodes[$0.to].name)" }
    }

    @Test func theShopGoesThroughItsAppServer() throws {
        let t = try Self.topology(ReportFixtures.spikyShop)
        #expect(Self.edges(t) == [
            "traffic->lb", "lb->app", "app->products", "app->pool", "pool->db", "app~>mails",
        ])
        let layout = t.layout()
        let layer = Dictionary(uniqueKeysWithValues: t.nodes.enumerated().map { ($1.name, layout.layer[$0]) })
        #expect(layer == ["traffic": 0, "lb": 1, "app": 2, "products": 3, "pool": 3, "mails": 3, "db": 4])
        #expect(layout.backEdges.isEmpty)
    }

    /// Steps written before the CPU work (a session lookup) are still the app server's calls.
    @Test func stepsBeforeTheWorkAreCalledByTheAppServer() throws {
        let t = try Self.topology(file: "models/full-saas.yaml")
        let edges = Self.edges(t)
        #expect(edges.contains("app->session"))
        #expect(!edges.contains("traffic->session"))
        #expect(edges.contains("app~>notifications"))
        #expect(edges.filter { $0.hasPrefix("traffic") } == ["traffic->lb"])
        #expect(t.nodes.first { $0.name == "app" }?.detail == "6 × 4 cores, 32 threads")
        #expect(t.nodes.first { $0.name == "profile" }?.detail == "TTL 5m, 20,000 keys")
    }

    @Test func stationsInTandemFormAChain() throws {
        let t = try Self.topology(file: "models/textbook/jackson.yaml")
        #expect(Self.edges(t) == ["traffic->a", "a->b", "b->c"])
        #expect(t.layout().columns.map(\.count) == [1, 1, 1, 1])
    }

    @Test func aLoopIsDrawnAsABackEdge() throws {
        let t = try Self.topology("""
            name: loop
            duration: 100s
            traffic: { rate: 1/s }
            components:
              a: { type: station, service: { exponential: 0.1s } }
              b: { type: station, service: { exponential: 0.1s } }
            flows:
              default: [ { visit: a }, { visit: b }, { visit: a } ]
            """)
        #expect(Self.edges(t) == ["traffic->a", "a->b", "b->a"])
        let layout = t.layout()
        #expect(layout.backEdges.count == 1)
        let svg = TopologyDiagram(topology: t).svg()
        #expect(ReportFixtures.count("class=\"edge", in: svg) == 3)
    }

    @Test func diagramShowsUtilizationAndEscapesNames() throws {
        var t = try Self.topology(ReportFixtures.spikyShop)
        t.nodes[1].name = "<lb & co>"
        let svg = TopologyDiagram(topology: t, utilization: ["app": 0.934]).svg()
        #expect(svg.contains("93.4%"))
        #expect(svg.contains("class=\"util-strip\""))
        #expect(svg.contains("&lt;lb &amp; co&gt;"))
        #expect(!svg.contains("<lb"))
        #expect(ReportFixtures.count("class=\"node ", in: svg) == 7)
    }
}
