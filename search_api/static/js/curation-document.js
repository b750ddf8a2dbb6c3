// One document for a curator: review state, publish/withdraw, personal data, metadata, chunks.

import { describe } from "./api.js";
import { h, replace } from "./dom.js";
import * as fmt from "./format.js";
import * as L from "./curation-labels.js";

/** Chunk text with each personal-data match marked, as text nodes. */
export function markedPii(text, spans) {
  const out = [];
  let pos = 0;
  for (const span of [...(spans || [])].sort((a, b) => a.start - b.start)) {
    if (span.start < pos) continue;
    out.push(text.slice(pos, span.start));
    out.push(h("mark", { class: `pii pii--${span.type}`, title: L.piiLabel(span.type) },
      text.slice(span.start, span.end), h("span", { class: "visually-hidden" }, ` (${L.piiLabel(span.type)})`)));
    pos = span.end;
  }
  out.push(text.slice(pos));
  return out;
}

function announce(text) {
  const status = document.getElementById("status");
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
}

function statusBadge(value) {
  return h("span", { class: `status status--${value}` }, L.STATUS[value] || value);
}

export async function showDocument(api, main, docId) {
  const doc = await api.get(`/v1/documents/${encodeURIComponent(docId)}`);
  document.title = `${doc.title} – Kuratering – SSP Vidensbank`;
  const notice = h("div", { id: "doc-notice" });
  const act = async (label, run, done) => {
    replace(notice);
    try {
      await run();
      await showDocument(api, main, docId);
      const n = document.getElementById("doc-notice");
      replace(n, h("div", { class: "alert alert--ok", role: "status" }, done));
      announce(done);
    } catch (error) {
      replace(notice, h("div", { class: "alert alert--error", role: "alert" }, `${label}: ${describe(error)}`));
    }
  };
  const blocked = doc.pii_status === "unreviewed";
  const path = `/v1/documents/${encodeURIComponent(docId)}`;
  const actions = h("div", { class: "actions" },
    doc.status !== "published" ? h("button", { type: "button", class: "button button--primary", disabled: blocked,
      "aria-describedby": blocked ? "publish-blocked" : null,
      onclick: () => act("Kunne ikke publicere", () => api.post(`${path}/publish`), "Dokumentet er publiceret og kan nu findes af læserne.") }, "Publicér") : null,
    doc.status !== "withdrawn" ? h("button", { type: "button", class: "button",
      onclick: () => act("Kunne ikke trække tilbage", () => api.post(`${path}/withdraw`), "Dokumentet er trukket tilbage og kan ikke længere findes.") }, "Træk tilbage") : null,
    h("button", { type: "button", class: "button",
      onclick: async () => window.open(await api.openable(`${path}/file`), "_blank") }, "Åbn original"),
    h("button", { type: "button", class: "button",
      onclick: () => act("Kunne ikke genindeksere", () => api.post(`${path}/reindex`), "Dokumentet er genindekseret.") }, "Genindeksér"));

  replace(main,
    h("p", { class: "small" }, h("a", { href: "/kurator" }, "← Til gennemgang")),
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, doc.title),
      h("p", {}, statusBadge(doc.status), " ", fmt.kommune(doc.kommune), " · ", fmt.kind(doc.kind), doc.date ? ` · ${fmt.date(doc.date)}` : "",
        doc.visibility && doc.visibility !== "public" ? ` · ${L.VISIBILITY[doc.visibility]}` : "")),
      actions),
    blocked ? h("div", { class: "alert alert--warn", id: "publish-blocked" }, "Dokumentet kan ikke publiceres, før personoplysningerne er gennemgået herunder.") : null,
    notice,
    h("div", { class: "doc-layout" },
      h("div", {}, piiPanel(api, doc, act), chunkList(doc)),
      h("div", {}, metadataForm(api, doc, act), factsPanel(doc))));
}

function piiPanel(api, doc, act) {
  if (!doc.pii.length) return null;
  const path = `/v1/documents/${encodeURIComponent(doc.doc_id)}`;
  const boxes = doc.pii.map((type) => h("label", { class: "facet__option" },
    h("input", { type: "checkbox", name: "shown", value: type, checked: doc.pii_shown.includes(type) }),
    h("span", {}, `${L.piiLabel(type)} må vises for læsere`)));
  const form = h("form", { class: "panel", "aria-labelledby": "pii-title" },
    h("h2", { id: "pii-title" }, "Personoplysninger"),
    h("p", {}, `Fundet: ${doc.pii.map(L.piiLabel).join(", ")}. Status: ${L.PII_STATUS[doc.pii_status] || doc.pii_status}. `,
      "Fundene er markeret med rødt i tekstafsnittene herunder. Læsere ser dem maskeret, medmindre du vælger, at en type må vises (f.eks. en embedsmands arbejdsmail)."),
    h("fieldset", { class: "facet" }, h("legend", {}, "Hvad må læserne se?"), boxes),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button button--primary" }, "Godkend gennemgang"),
      h("button", { type: "button", class: "button",
        onclick: () => act("Kunne ikke maskere", () => api.patch(path, { pii_status: "masked" }), "Alle personoplysninger er maskeret for læsere.") }, "Maskér alt")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const shown = [...form.querySelectorAll("input[name=shown]:checked")].map((i) => i.value);
    act("Kunne ikke gemme gennemgangen", () => api.patch(path, { pii_status: "confirmed", pii_shown: shown }), "Gennemgangen af personoplysninger er gemt.");
  });
  return form;
}

function chunkList(doc) {
  return h("section", { class: "panel", "aria-labelledby": "chunks-title" },
    h("h2", { id: "chunks-title" }, `Tekstafsnit i indekset (${doc.chunks.length})`),
    h("p", { class: "small muted" }, "Sådan holder søgeindekset dokumentet: det er disse afsnit, søgningen finder og citerer."),
    h("ol", { class: "chunks" }, doc.chunks.map((c) => h("li", { class: `chunk${c.pii.length ? " chunk--pii" : ""}` },
      h("div", { class: "chunk__head" },
        h("strong", {}, `Afsnit ${c.chunk_no + 1}`),
        c.page ? h("span", {}, c.page_end && c.page_end !== c.page ? `Side ${c.page}–${c.page_end}` : `Side ${c.page}`) : null,
        c.section ? h("span", {}, c.section.split(" > ").join(" › ")) : null,
        c.pii.map((t) => h("span", { class: "pii-flag" }, L.piiLabel(t)))),
      h("p", { class: "chunk__text" }, markedPii(c.text, c.pii_spans))))));
}

function metadataForm(api, doc, act) {
  const field = (name, label, input) => h("div", { class: "field" }, h("label", { for: `m-${name}` }, label), input);
  const input = (name, type = "text") => h("input", { id: `m-${name}`, name, type, value: doc[name] || "" });
  const kinds = L.KINDS.includes(doc.kind) || !doc.kind ? L.KINDS : [doc.kind, ...L.KINDS];
  const form = h("form", { class: "panel", "aria-labelledby": "meta-title" },
    h("h2", { id: "meta-title" }, "Metadata"),
    field("title", "Titel", input("title")),
    field("kommune", "Kommune", input("kommune")),
    field("kind", "Type", h("select", { id: "m-kind", name: "kind" }, h("option", { value: "" }, "–"),
      kinds.map((k) => h("option", { value: k, selected: k === doc.kind }, fmt.kind(k))))),
    field("date", "Dato", input("date", "date")),
    field("url", "Webadresse", input("url", "url")),
    field("visibility", "Hvem må se det", h("select", { id: "m-visibility", name: "visibility" },
      Object.entries(L.VISIBILITY).map(([value, label]) => h("option", { value, selected: value === doc.visibility }, label)))),
    h("button", { type: "submit", class: "button button--primary" }, "Gem metadata"),
    h("p", { class: "small muted" }, "Ændringer slår igennem i søgningen med det samme, uden ny indeksering."));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const changes = {};
    for (const name of ["title", "kommune", "kind", "date", "url", "visibility"]) {
      const value = (data.get(name) || "").trim() || null;
      if (value !== (doc[name] || null)) changes[name] = value;
    }
    if (!Object.keys(changes).length) return announce("Ingen ændringer at gemme.");
    act("Kunne ikke gemme metadata", () => api.patch(`/v1/documents/${encodeURIComponent(doc.doc_id)}`, changes), "Metadata er gemt.");
  });
  return form;
}

function factsPanel(doc) {
  const row = (term, value) => [h("dt", {}, term), h("dd", {}, value)];
  return h("section", { class: "panel", "aria-labelledby": "facts-title" },
    h("h2", { id: "facts-title" }, "Fakta"),
    h("dl", { class: "facts" },
      row("Fil", doc.file_name || doc.source),
      row("Filtype", doc.media_type || "–"),
      row("Størrelse", L.bytes(doc.size)),
      row("Oprettet", `${L.time(doc.created_at)}${doc.created_by ? ` af ${doc.created_by}` : ""}`),
      row("Ændret", `${L.time(doc.updated_at)}${doc.updated_by ? ` af ${doc.updated_by}` : ""}`),
      row("Versioner", String(doc.versions.length)),
      row("Id", doc.doc_id)));
}
