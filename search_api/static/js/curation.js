// The curation pages: sign in with a curator key, review queue, upload, documents, audit log.
// One HTML shell; the path picks the view (/kurator, /kurator/upload, /kurator/dokumenter,
// /kurator/dokument/{id}, /kurator/koersler, /kurator/log).

import { Api, ApiError, describe } from "./api.js";
import { h, replace } from "./dom.js";
import * as fmt from "./format.js";
import * as L from "./curation-labels.js";
import { showDocument } from "./curation-document.js";
import { followJob, progressText, showJobs, JOB_STATUS } from "./curation-jobs.js";

const api = new Api();
const main = document.getElementById("indhold");
const status = document.getElementById("status");

export function announce(text) {
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50);
}

export function statusBadge(value) {
  return h("span", { class: `status status--${value}` }, L.STATUS[value] || value);
}

export function piiBadge(doc) {
  if (!doc.pii || !doc.pii.length) return h("span", { class: "muted small" }, "Ingen");
  const ok = doc.pii_status === "confirmed" || doc.pii_status === "masked";
  return h("span", { class: `pii-flag${ok ? " pii-flag--ok" : ""}` },
    `${doc.pii.map(L.piiLabel).join(", ")} · ${L.PII_STATUS[doc.pii_status] || doc.pii_status}`);
}

export function errorBox(error) {
  return h("div", { class: "alert alert--error", role: "alert" }, describe(error));
}

function head(title, lead) {
  document.title = `${title} – Kuratering – SSP Vidensbank`;
  return h("div", { class: "page-head" }, h("div", {}, h("h1", {}, title), lead ? h("p", {}, lead) : null));
}

function markNav() {
  const path = location.pathname.replace(/\/$/, "") || "/kurator";
  for (const link of document.querySelectorAll("#curation-nav a")) {
    const here = link.getAttribute("href") === path || (path.startsWith("/kurator/dokument/") && link.getAttribute("href") === "/kurator/dokumenter");
    if (here) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
}

function login(message) {
  const input = h("input", { id: "key", name: "key", type: "password", autocomplete: "off", required: true, "aria-describedby": "key-hint" });
  const form = h("form", { class: "panel login" },
    h("h2", {}, "Log ind med din kuratornøgle"),
    message ? h("div", { class: "alert alert--error", role: "alert" }, message) : null,
    h("div", { class: "field" }, h("label", { for: "key" }, "Nøgle"), input,
      h("span", { class: "field__hint", id: "key-hint" }, "Nøglen er vist én gang, da den blev oprettet (vidensbank keys create --role curator). Den gemmes kun i denne fane.")),
    h("button", { type: "submit", class: "button button--primary" }, "Log ind"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    api.setKey(input.value.trim());
    start();
  });
  replace(main, head("Kuratering", "Her gennemgår, retter og publicerer SSP-Samrådets kuratorer dokumenterne i vidensbanken."), form);
  input.focus();
}

async function queue() {
  replace(main, head("Til gennemgang", "Uploadede dokumenter er kladder, indtil en kurator publicerer dem. Læsere kan ikke se kladder."),
    h("p", { class: "muted" }, "Henter kladder …"));
  const page = await api.get("/v1/documents", { params: { status: "draft", limit: 200 } });
  const flagged = page.documents.filter((d) => d.pii_status === "unreviewed").length;
  main.lastChild.remove();
  main.append(
    flagged ? h("div", { class: "alert alert--warn" }, `${fmt.plural(flagged, "dokument", "dokumenter")} har personoplysninger, der skal gennemgås, før de kan publiceres.`) : null,
    documentTable(page.documents, "Kladder", "Ingen dokumenter venter på gennemgang."));
  announce(`${fmt.plural(page.total, "kladde", "kladder")} til gennemgang.`);
}

function documentTable(documents, caption, emptyText) {
  if (!documents.length) return h("div", { class: "panel empty" }, emptyText);
  return h("div", { class: "table-wrap" }, h("table", {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ["Titel", "Kommune", "Type", "Dato", "Status", "Personoplysninger", "Ændret"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, documents.map((d) => h("tr", {},
      h("td", {}, h("a", { href: `/kurator/dokument/${encodeURIComponent(d.doc_id)}` }, d.title), h("div", { class: "small muted" }, d.file_name || d.source)),
      h("td", {}, fmt.kommune(d.kommune)),
      h("td", {}, fmt.kind(d.kind)),
      h("td", {}, d.date ? h("time", { datetime: d.date }, fmt.date(d.date)) : "–"),
      h("td", {}, statusBadge(d.status)),
      h("td", {}, piiBadge(d)),
      h("td", { class: "small" }, L.time(d.updated_at), d.updated_by ? h("div", { class: "muted" }, d.updated_by) : null))))));
}

async function allDocuments() {
  const params = new URLSearchParams(location.search);
  const text = h("input", { id: "doc-q", name: "q", type: "search", value: params.get("q") || "" });
  const select = h("select", { id: "doc-status", name: "status" },
    h("option", { value: "" }, "Alle"),
    Object.entries(L.STATUS).map(([v, label]) => h("option", { value: v, selected: params.get("status") === v }, label)));
  const toolbar = h("form", { class: "toolbar", role: "search", method: "get", action: "/kurator/dokumenter" },
    h("div", { class: "field" }, h("label", { for: "doc-q" }, "Titel eller filnavn"), text),
    h("div", { class: "field" }, h("label", { for: "doc-status" }, "Status"), select),
    h("button", { type: "submit", class: "button" }, "Vis"));
  replace(main, head("Alle dokumenter"), toolbar, h("p", { class: "muted" }, "Henter …"));
  const page = await api.get("/v1/documents", { params: { q: params.get("q"), status: params.get("status"), limit: 200 } });
  main.lastChild.replaceWith(documentTable(page.documents, `${fmt.plural(page.total, "dokument", "dokumenter")}`, "Ingen dokumenter matcher."));
}

function upload() {
  const files = h("input", { id: "files", type: "file", multiple: true, required: true,
    accept: ".pdf,.docx,.html,.htm,.md,.txt,application/pdf,text/plain,text/html,text/markdown", "aria-describedby": "files-hint" });
  const field = (id, label, input, hint) => h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("span", { class: "field__hint" }, hint) : null);
  const kinds = h("select", { id: "u-kind", name: "kind" }, h("option", { value: "" }, "Find selv"), L.KINDS.map((k) => h("option", { value: k }, fmt.kind(k))));
  const list = h("ul", { class: "uploads", "aria-label": "Uploads" });
  const form = h("form", { class: "panel" },
    h("div", { class: "dropzone" },
      h("div", { class: "field" }, h("label", { for: "files" }, "Vælg filer"), files,
        h("span", { class: "field__hint", id: "files-hint" }, "PDF, Word (DOCX), HTML, Markdown eller tekst. Filtypen kontrolleres ud fra indholdet."))),
    h("h2", { class: "small" }, "Metadata (valgfrit; ellers aflæses det af dokumentet)"),
    h("div", { class: "fields" },
      field("u-title", "Titel", h("input", { id: "u-title", name: "title" })),
      field("u-kommune", "Kommune", h("input", { id: "u-kommune", name: "kommune" })),
      field("u-kind", "Type", kinds),
      field("u-date", "Dato", h("input", { id: "u-date", name: "date", type: "date" })),
      field("u-url", "Webadresse", h("input", { id: "u-url", name: "url", type: "url" })),
      field("u-visibility", "Hvem må se det", h("select", { id: "u-visibility", name: "visibility" },
        h("option", { value: "" }, "Standard for typen"),
        Object.entries(L.VISIBILITY).map(([value, label]) => h("option", { value }, label))))),
    h("button", { type: "submit", class: "button button--primary" }, "Upload som kladde"));
  const dropzone = form.querySelector(".dropzone");
  dropzone.addEventListener("dragover", (e) => { e.preventDefault(); dropzone.classList.add("is-over"); });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("is-over"));
  dropzone.addEventListener("drop", (e) => { e.preventDefault(); dropzone.classList.remove("is-over"); files.files = e.dataTransfer.files; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const meta = new FormData(form);
    for (const file of files.files) await uploadOne(file, meta, list);
    form.reset();
  });
  replace(main, head("Upload", "Nye dokumenter bliver kladder. De kan først findes, når en kurator har publiceret dem."), form, list);
}

function uploadOne(file, meta, list) {
  const bar = h("progress", { max: "100", value: "0", "aria-label": `Upload af ${file.name}` });
  const state = h("span", { class: "small muted" }, "Sender …");
  const row = h("li", { class: "upload" }, h("span", { class: "upload__name" }, file.name), state, bar);
  list.append(row);
  const body = new FormData();
  body.append("file", file);
  for (const name of ["title", "kommune", "kind", "date", "url", "visibility"]) if (meta.get(name)) body.append(name, meta.get(name));
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/documents");
    xhr.setRequestHeader("Authorization", `Bearer ${api.key}`);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 90);
    });
    xhr.upload.addEventListener("load", () => { state.textContent = "Indekserer …"; });
    xhr.addEventListener("load", () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      const created = (docId) => {
        bar.value = 100;
        replace(state, "Kladde oprettet · ", h("a", { href: `/kurator/dokument/${encodeURIComponent(docId)}` }, "Gennemgå"));
        announce(`${file.name} er uploadet som kladde.`);
      };
      if (xhr.status === 201 && data) {
        created(data.doc_id);
      } else if (xhr.status === 202 && data?.job) {
        // Queued as a job: follow it until the draft exists (or the reason it failed).
        state.textContent = `${JOB_STATUS[data.job.status]} …`;
        followJob(api, data.job.url, (job) => {
          if (job.status === "running") {
            state.textContent = `Indekserer … ${progressText(job)}`;
            if (job.progress.passages_total) bar.value = 90 + Math.round((job.progress.passages_done / job.progress.passages_total) * 10);
          }
        }).then((job) => {
          if (job.status === "done") created(job.summary.doc_id);
          else { bar.remove(); replace(state, h("span", { role: "alert", class: "pii-flag" }, job.error || "Indekseringen fejlede.")); }
          resolve();
        }).catch((error) => { bar.remove(); replace(state, h("span", { role: "alert", class: "pii-flag" }, describe(error))); resolve(); });
        return;
      } else {
        bar.remove();
        const detail = data && typeof data.detail === "string" ? data.detail : `Fejl ${xhr.status}`;
        replace(state, h("span", { role: "alert", class: "pii-flag" }, detail));
      }
      resolve();
    });
    xhr.addEventListener("error", () => { bar.remove(); replace(state, h("span", { role: "alert", class: "pii-flag" }, describe(null))); resolve(); });
    xhr.send(body);
  });
}

async function auditLog() {
  replace(main, head("Log", "Hver ændring af vidensbanken, med nøglens navn."), h("p", { class: "muted" }, "Henter …"));
  const page = await api.get("/v1/audit", { params: { limit: 200 } });
  const details = (d) => Object.entries(d || {}).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(" · ");
  main.lastChild.replaceWith(!page.entries.length ? h("div", { class: "panel empty" }, "Loggen er tom.") :
    h("div", { class: "table-wrap" }, h("table", {},
      h("caption", {}, `Seneste ${fmt.plural(page.entries.length, "handling", "handlinger")} af ${fmt.number(page.total)}`),
      h("thead", {}, h("tr", {}, ["Tidspunkt", "Hvem", "Handling", "Dokument", "Detaljer"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, page.entries.map((e) => h("tr", {},
        h("td", { class: "small" }, h("time", { datetime: e.at }, L.time(e.at))),
        h("td", {}, e.actor),
        h("td", {}, L.ACTIONS[e.action] || e.action),
        h("td", {}, e.doc_id ? h("a", { href: `/kurator/dokument/${encodeURIComponent(e.doc_id)}` }, e.doc_id) : "–"),
        h("td", { class: "audit-details" }, details(e.details))))))));
}

const VIEWS = [
  [/^\/kurator\/?$/, queue],
  [/^\/kurator\/upload\/?$/, upload],
  [/^\/kurator\/dokumenter\/?$/, allDocuments],
  [/^\/kurator\/log\/?$/, auditLog],
  [/^\/kurator\/koersler\/?$/, () => showJobs(api, main, head)],
  [/^\/kurator\/dokument\/([^/]+)\/?$/, (id) => showDocument(api, main, decodeURIComponent(id))],
];

async function start() {
  markNav();
  const logout = document.getElementById("logout");
  if (!api.key) { logout.hidden = true; return login(); }
  logout.hidden = false;
  try {
    await api.get("/v1/audit", { params: { limit: 1 } }); // proves the key is a curator's
    const [pattern, view] = VIEWS.find(([p]) => p.test(location.pathname)) || VIEWS[0];
    await view(...(location.pathname.match(pattern)?.slice(1) || []));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      api.setKey(null);
      return login(error.status === 403 ? "Nøglen er ikke en kuratornøgle." : "Nøglen blev ikke genkendt.");
    }
    if (error instanceof ApiError && error.status === 404 && !error.problem?.instance?.startsWith("/v1/documents/")) {
      return replace(main, head("Kuratering er ikke slået til"), h("div", { class: "alert alert--warn" }, "Denne installation har endnu ikke kuraterings-API'et (/v1/documents og /v1/audit)."));
    }
    replace(main, head("Noget gik galt"), errorBox(error));
  }
}

document.getElementById("logout").addEventListener("click", () => { api.setKey(null); location.href = "/kurator"; });
start();
