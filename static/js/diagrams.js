// Workflow diagrams: Mermaid text rendered by the vendored mermaid.min.js (no network).
if (window.mermaid) {
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral",
                              flowchart: { useMaxWidth: true } });
  window.mermaid.run({ querySelector: "pre.mermaid" });
}
