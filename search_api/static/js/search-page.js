// The search page: question box, filters with counts, answer panel and result cards.
// State lives in the URL (/?q=…&kommune=…&type=…&fra=…&til=…), so a search can be shared.

import { Api, ApiError, describe } from "./api.js";
import * as fmt from "./format.js";
import { readFilters, renderFilters } from "./filters.js";
import { renderAnswer, renderAnswerError, renderAnswerLoading, renderEmpty, renderError,
  renderResults, renderResultsLoading } from "./results.js";

const api = new Api();
const $ = (id) => document.getElementById(id);
const form = $("search-form"), input = $("q"), filterForm = $("filter-form");
const answerPanel = $("answer"), resultsPanel = $("results"), status = $("status");
let state = readUrl();
let run = 0; // only the newest search may draw

function readUrl() {
  const p = new URLSearchParams(location.search);
  return { q: (p.get("q") || "").trim(), kommune: p.getAll("kommune"), kind: p.getAll("type"),
    fra: p.get("fra") || "", til: p.get("til") || "", view: p.get("visning") || "" };
}

function writeUrl(push) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  state.kommune.forEach((k) => p.append("kommune", k));
  state.kind.forEach((k) => p.append("type", k));
  if (state.fra) p.set("fra", state.fra);
  if (state.til) p.set("til", state.til);
  if (state.view) p.set("visning", state.view);
  const url = p.toString() ? `/?${p}` : "/";
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

function apiFilters() {
  const year = (v) => (v ? Number(v) : null);
  let [from, to] = [year(state.fra), year(state.til)];
  if (from && to && from > to) [from, to] = [to, from];
  return { kommune: state.kommune, kind: state.kind, year_from: from, year_to: to };
}

const hasFilters = () => state.kommune.length + state.kind.length > 0 || !!state.fra || !!state.til;

function announce(text) {
  status.textContent = "";
  setTimeout(() => { status.textContent = text; }, 50); // re-announce identical texts too
}

async function loadFacets() {
  const f = apiFilters();
  try {
    const facets = await api.get("/v1/facets", { params: { kommune: f.kommune, kind: f.kind, year_from: f.year_from, year_to: f.year_to } });
    renderFilters(filterForm, facets, state);
    const active = state.kommune.length + state.kind.length + (state.fra ? 1 : 0) + (state.til ? 1 : 0);
    $("filters-active").textContent = active ? `${active} valgt` : "";
    if (!hasFilters()) {
      const kommuner = Object.keys(facets.kommune).filter((k) => k !== "national").length;
      $("corpus-stats").textContent = facets.total
        ? `Vidensbanken rummer lige nu ${fmt.plural(facets.total, "tekstafsnit", "tekstafsnit")} fra ${fmt.plural(kommuner, "kommune", "kommuner")}.`
        : "Vidensbanken er tom. Bed en kurator om at tilføje dokumenter.";
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) askForKey();
    filterForm.querySelectorAll("[data-facet]").forEach((c) => { c.textContent = "Filtrene kunne ikke hentes."; });
  }
}

async function search() {
  const mine = ++run;
  document.body.classList.toggle("has-query", !!state.q);
  $("intro").hidden = !!state.q;
  $("follow").hidden = !state.q;
  if (!state.q) {
    answerPanel.hidden = resultsPanel.hidden = true;
    return;
  }
  document.title = `${state.q} – SSP Vidensbank`;
  followLink();
  renderAnswerLoading(answerPanel);
  renderResultsLoading(resultsPanel);
  announce("Søger …");
  const filters = apiFilters();
  const hits = api.post("/v1/search", { query: state.q, top_k: 20, filters });
  const answer = api.post("/v1/ask", { question: state.q, filters });
  const [found, answered] = await Promise.allSettled([hits, answer]);
  if (mine !== run) return;
  answerPanel.removeAttribute("aria-busy");
  const messages = [];
  if (found.status === "fulfilled") {
    showHits(found.value.hits);
    const docs = new Set(found.value.hits.map((x) => x.doc_id)).size;
    messages.push(found.value.hits.length ? `${fmt.plural(found.value.hits.length, "tekstafsnit", "tekstafsnit")} fra ${fmt.plural(docs, "dokument", "dokumenter")}.` : "Ingen resultater.");
  } else {
    renderError(resultsPanel, describe(found.reason), search);
    messages.push(describe(found.reason));
  }
  if (answered.status === "fulfilled") {
    renderAnswer(answerPanel, answered.value, state.q, api);
    messages.unshift(answered.value.answered ? `Svar med ${fmt.plural(answered.value.citations.length, "kilde", "kilder")}.` : "Intet sikkert svar i vidensbanken.");
  } else if (found.status === "fulfilled") {
    renderAnswerError(answerPanel, describe(answered.reason));
  } else {
    answerPanel.hidden = true;
  }
  announce(messages.join(" "));
  const failed = [found, answered].find((r) => r.status === "rejected");
  if (failed && failed.reason instanceof ApiError && failed.reason.status === 401) askForKey();
}

/** "Følg denne søgning": the Atom feed of new passages matching this search and its filters. */
function followLink() {
  const p = new URLSearchParams({ q: state.q });
  state.kommune.forEach((k) => p.append("kommune", k));
  state.kind.forEach((k) => p.append("kind", k));
  $("follow-link").href = `/v1/feed.atom?${p}`;
}

/** The front page's newest documents, read from the same Atom feed that feed readers get. */
async function loadNewest() {
  const atom = "http://www.w3.org/2005/Atom";
  try {
    const response = await fetch("/v1/feed.atom?limit=5", { headers: api.headers() });
    if (!response.ok) return;
    const xml = new DOMParser().parseFromString(await response.text(), "application/xml");
    const entries = [...xml.getElementsByTagNameNS(atom, "entry")];
    if (!entries.length) return;
    const text = (entry, name) => entry.getElementsByTagNameNS(atom, name)[0]?.textContent || "";
    const list = $("newest-list");
    list.replaceChildren(...entries.map((entry) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = entry.getElementsByTagNameNS(atom, "link")[0]?.getAttribute("href") || "#";
      link.textContent = text(entry, "title");
      const kommune = [...entry.getElementsByTagNameNS(atom, "category")]
        .find((c) => (c.getAttribute("scheme") || "").endsWith("/kommune"))?.getAttribute("term");
      const meta = document.createElement("span");
      meta.className = "newest__meta";
      meta.textContent = [kommune ? fmt.kommune(kommune) : null, fmt.date(text(entry, "published").slice(0, 10))]
        .filter(Boolean).join(" · ");
      item.append(link, " ", meta);
      return item;
    }));
    $("newest").hidden = false;
  } catch {
    // The front page works without it.
  }
}

let lastHits = [];
function showHits(hits) {
  lastHits = hits;
  if (!hits.length) return renderEmpty(resultsPanel, state.q, hasFilters(), clearFilters);
  const comparative = fmt.isComparative(state.q);
  const view = state.view || (comparative ? "kommune" : "relevans");
  renderResults(resultsPanel, hits, { api, view, comparative, onView: (v) => { state.view = v; writeUrl(false); showHits(lastHits); resultsPanel.querySelector(`input[value="${v}"]`)?.focus(); } });
}

function clearFilters() {
  Object.assign(state, { kommune: [], kind: [], fra: "", til: "" });
  writeUrl(true);
  loadFacets();
  search();
}

function askForKey() {
  const dialog = $("key-dialog");
  if (dialog.open) return;
  dialog.showModal();
}

$("key-form").addEventListener("submit", (event) => {
  if (event.submitter?.value !== "save") return;
  api.setKey($("key-input").value.trim());
  $("key-input").value = "";
  loadFacets();
  search();
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = input.value.trim();
  if (!q) { input.focus(); return; }
  Object.assign(state, { q, view: "" });
  writeUrl(true);
  search();
});

document.querySelectorAll("[data-example]").forEach((button) => button.addEventListener("click", () => {
  input.value = button.textContent;
  form.requestSubmit();
}));

filterForm.addEventListener("change", () => {
  Object.assign(state, readFilters(filterForm));
  writeUrl(true);
  loadFacets();
  search();
});

$("clear-filters").addEventListener("click", clearFilters);

window.addEventListener("popstate", () => {
  state = readUrl();
  input.value = state.q;
  loadFacets();
  search();
});

// On a phone the filters fold away behind their heading; on a wide screen they stay open.
const narrow = window.matchMedia("(max-width: 820px)");
function fitFilters() {
  $("filters-details").open = !narrow.matches;
  const summary = $("filters-details").querySelector("summary");
  if (narrow.matches) summary.removeAttribute("tabindex"); else summary.setAttribute("tabindex", "-1");
}
$("filters-details").addEventListener("toggle", () => { if (!narrow.matches) $("filters-details").open = true; });
narrow.addEventListener("change", fitFilters);
fitFilters();
input.value = state.q;
loadFacets();
search();
loadNewest();
