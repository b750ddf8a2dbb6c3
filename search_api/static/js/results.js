// Rendering of the answer panel and the result cards. Every value goes in as text.

import { h, highlighted, replace } from "./dom.js";
import * as fmt from "./format.js";

/** "Kun for Faxe Kommune" on a document only its own kommune sees; null on public ones. */
export function visibilityLabel(hit) {
  if (hit.visibility === "kommune") return `Kun for ${hit.kommune} Kommune`;
  if (hit.visibility === "signed-in") return "Kun for indloggede";
  return null;
}

/** The meta line of a hit: kommune, type, date, page or section. */
export function metaList(hit) {
  return h("ul", { class: "meta" },
    h("li", { class: "meta__kommune" }, fmt.kommune(hit.kommune)),
    h("li", {}, h("span", { class: "badge" }, fmt.kind(hit.kind))),
    visibilityLabel(hit) ? h("li", {}, h("span", { class: "badge badge--internal" }, visibilityLabel(hit))) : null,
    hit.date ? h("li", {}, h("time", { datetime: hit.date }, fmt.date(hit.date))) : null,
    fmt.where(hit) ? h("li", {}, fmt.where(hit)) : null);
}

/** A link to the original file; with a key it is fetched and opened as a blob. */
export function originalLink(api, hit, text, props = {}) {
  const link = h("a", { href: fmt.originalHref(hit, api.base), ...props }, text);
  if (api.key) {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      window.open(await api.openable(fmt.originalHref(hit)), "_blank", "noopener");
    });
  }
  return link;
}

function answerText(text) {
  return text.split(/(\[\d+\])/).map((part) => {
    const ref = /^\[(\d+)\]$/.exec(part);
    return ref ? citeRef(ref[1]) : part;
  });
}

function focusCitation(event, n) {
  const target = document.getElementById(`kilde-${n}`);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.classList.add("is-flash");
  setTimeout(() => target.classList.remove("is-flash"), 1600);
}

function citationItem(api, citation) {
  // A citation's page is the page of its quote: the link and the preview open that page.
  return h("li", { class: citation.page ? "citation citation--paged" : "citation", id: `kilde-${citation.n}`, tabindex: "-1" },
    h("span", { class: "citation__n", "aria-hidden": "true" }, citation.n),
    h("div", {},
      h("span", { class: "visually-hidden" }, `Kilde ${citation.n}: `),
      originalLink(api, citation, citation.title, { class: "citation__title" }),
      metaList(citation),
      h("blockquote", { class: "citation__quote" }, citation.quote)),
    thumbnail(api, citation, "citation__thumb"));
}

function citeRef(n) {
  return h("a", { class: "cite-ref", href: `#kilde-${n}`, "aria-label": `kilde ${n}`,
    onclick: (event) => focusCitation(event, n) }, n);
}

/** One source of a comparison row: its number (to the citation below) and the original at the page. */
function comparisonSource(api, citation) {
  const where = citation.page ? `Åbn side ${citation.page}` : "Åbn originalen";
  return h("li", {}, citeRef(citation.n), " ",
    originalLink(api, citation, where, { "aria-label": `Åbn ${citation.page ? `originalen på side ${citation.page}` : "originalen"}: ${citation.title}` }));
}

/** "Sådan gør kommunerne": for a question asked across kommuner, one row per kommune that answers it. */
export function comparisonTable(api, rows, citations) {
  if (!rows || !rows.length) return null;
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  return h("section", { class: "comparison", "aria-labelledby": "comparison-title" },
    h("h3", { id: "comparison-title", class: "comparison__title" }, "Sådan gør kommunerne"),
    h("p", { class: "comparison__lead" }, `${fmt.plural(rows.length, "kommune", "kommuner")} svarer med egne dokumenter. De tydeligste svar står øverst.`),
    h("table", { class: "comparison__table", "aria-labelledby": "comparison-title" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Kommune"), h("th", { scope: "col" }, "Sådan gør de"))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        h("th", { scope: "row" }, fmt.kommune(row.kommune)),
        h("td", {},
          h("p", { class: "comparison__text" }, answerText(row.text)),
          h("ul", { class: "comparison__sources", "aria-label": "Kilder" },
            row.citations.map((n) => byNumber.get(n)).filter(Boolean).map((c) => comparisonSource(api, c)))))))));
}

/** The answer panel: the composed answer with numbered citations, or why there is none. */
export function renderAnswer(panel, answer, question, api) {
  panel.hidden = false;
  panel.className = answer.answered ? "answer" : "answer answer--none";
  if (!answer.answered) {
    return replace(panel,
      h("p", { class: "answer__eyebrow" }, "Intet sikkert svar"),
      h("h2", { id: "answer-title", class: "answer__title" }, "Vidensbanken har ikke et klart svar på dette"),
      h("p", {}, answer.answer),
      h("p", { class: "answer__note" }, "Se de nærmeste tekstafsnit nedenfor, eller prøv at stille spørgsmålet på en anden måde."));
  }
  return replace(panel,
    h("p", { class: "answer__eyebrow" }, "Svar fra vidensbanken"),
    h("h2", { id: "answer-title", class: "answer__title" }, question),
    h("p", { class: "answer__text" }, answerText(answer.answer)),
    comparisonTable(api, answer.comparison, answer.citations),
    h("h3", { class: "visually-hidden" }, "Kilder"),
    h("ol", { class: "citations" }, answer.citations.map((c) => citationItem(api, c))),
    h("p", { class: "answer__note" }, "Svaret er sammensat af sætninger fra dokumenterne. Tjek altid kilden, før du bruger det."));
}

export function renderAnswerLoading(panel) {
  panel.hidden = false;
  panel.className = "answer";
  panel.setAttribute("aria-busy", "true");
  replace(panel,
    h("p", { class: "answer__eyebrow" }, "Finder svar …"),
    h("h2", { id: "answer-title", class: "visually-hidden" }, "Svar"),
    h("div", { "aria-hidden": "true" }, h("div", { class: "skeleton__line" }), h("div", { class: "skeleton__line" }), h("div", { class: "skeleton__line" })));
}

export function renderAnswerError(panel, message) {
  panel.hidden = false;
  panel.className = "answer answer--error";
  replace(panel,
    h("p", { class: "answer__eyebrow" }, "Fejl"),
    h("h2", { id: "answer-title", class: "answer__title" }, "Svaret kunne ikke hentes"),
    h("p", { class: "answer__note" }, message));
}

/** Excerpt of a passage around its highlighted sentences. */
function excerpt(hit, full) {
  const text = hit.text;
  const marks = (hit.highlights || []).map((s) => [text.indexOf(s), s]).filter(([at]) => at >= 0);
  if (full || text.length <= 520) return { text, cut: false };
  const start = marks.length ? Math.max(0, Math.min(...marks.map(([at]) => at)) - 160) : 0;
  const end = Math.min(text.length, Math.max(start + 520, ...marks.map(([at, s]) => at + s.length + 120)));
  const from = start ? text.indexOf(" ", start) + 1 : 0;
  const to = end < text.length ? text.lastIndexOf(" ", end) : text.length;
  return { text: (from ? "… " : "") + text.slice(from, to) + (to < text.length ? " …" : ""), cut: true };
}

function passageText(hit) {
  const paragraph = h("p", { class: "card__text" });
  const show = (full) => replace(paragraph, highlighted(excerpt(hit, full).text, hit.highlights));
  show(false);
  const actions = [];
  if (excerpt(hit, false).cut) {
    const toggle = h("button", { type: "button", class: "button button--link", "aria-expanded": "false" }, "Vis hele afsnittet");
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Vis mindre" : "Vis hele afsnittet";
      show(open);
    });
    actions.push(toggle);
  }
  return { paragraph, actions };
}

/** A small preview of the page a hit or citation points at, linking to the original there. */
function thumbnail(api, hit, className = "card__thumb") {
  if (!hit.page) return null;
  const img = h("img", { src: fmt.previewSrc(hit, api.base), alt: "", width: "96", height: "136", loading: "lazy" });
  img.addEventListener("error", () => img.closest(`.${className}`)?.remove());
  if (api.key) api.openable(`/v1/documents/${encodeURIComponent(hit.doc_id)}/pages/${hit.page}.png`).then((u) => { img.src = u; }, () => {});
  return originalLink(api, hit, img, { class: className, tabindex: "-1", "aria-hidden": "true" });
}

function card(api, hits, level) {
  const [hit, ...more] = hits;
  const { paragraph, actions } = passageText(hit);
  const open = hit.page ? `Åbn originalen på side ${hit.page}` : "Åbn originalen";
  return h("li", { class: "card", dataset: { docId: hit.doc_id } },
    h("div", {},
      h(`h${level}`, { class: "card__title" }, originalLink(api, hit, hit.title)),
      metaList(hit),
      paragraph,
      h("div", { class: "card__actions" },
        actions,
        originalLink(api, hit, open, { "aria-label": `${open}: ${hit.title}` }),
        hit.url ? h("a", { href: hit.url, rel: "noopener noreferrer", target: "_blank" }, "Kilde på nettet", h("span", { class: "visually-hidden" }, " (åbner i nyt vindue)")) : null),
      more.length ? moreFromDocument(api, hit, more) : null),
    thumbnail(api, hit));
}

function moreFromDocument(api, hit, more) {
  return h("details", { class: "more" },
    h("summary", {}, `Vis ${fmt.plural(more.length, "afsnit", "afsnit")} mere fra samme dokument`),
    h("ol", {}, more.map((m) => h("li", {},
      h("div", { class: "card__where" }, originalLink(api, m, fmt.where(m) || `Afsnit ${m.rank}`)),
      h("p", {}, highlighted(excerpt(m, false).text, m.highlights))))));
}

/** Hits grouped by document, in the order of each document's best hit. */
export function byDocument(hits) {
  const groups = new Map();
  for (const hit of hits) {
    if (!groups.has(hit.doc_id)) groups.set(hit.doc_id, []);
    groups.get(hit.doc_id).push(hit);
  }
  return [...groups.values()];
}

/** Document groups by kommune, in the order of each kommune's best hit. */
export function byKommune(documents) {
  const groups = new Map();
  for (const doc of documents) {
    const key = doc[0].kommune || "";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(doc);
  }
  return [...groups.entries()];
}

/** The result list with its heading, count and view switch. */
export function renderResults(section, hits, { api, view, comparative, onView }) {
  section.hidden = false;
  section.removeAttribute("aria-busy");
  const documents = byDocument(hits);
  const switcher = h("div", { class: "view-switch" }, h("fieldset", {},
    h("legend", {}, "Visning"),
    [["relevans", "Mest relevante"], ["kommune", "Efter kommune"]].map(([value, label]) =>
      h("label", {}, h("input", { type: "radio", name: "visning", value, checked: view === value,
        onchange: () => onView(value) }), label))));
  const head = h("div", { class: "results__head" },
    h("h2", { id: "results-title", class: "results__title" }, "Resultater ",
      h("span", { class: "results__count" }, `${fmt.plural(hits.length, "tekstafsnit", "tekstafsnit")} fra ${fmt.plural(documents.length, "dokument", "dokumenter")}`)),
    switcher);
  if (view !== "kommune") {
    return replace(section, head, h("ol", { class: "cards" }, documents.map((d) => card(api, d, 3))));
  }
  const groups = byKommune(documents);
  return replace(section, head,
    comparative ? h("p", { class: "notice" }, `Dit spørgsmål sammenligner kommuner, så resultaterne er samlet pr. kommune: ${fmt.plural(groups.length, "kommune", "kommuner")}.`) : null,
    groups.map(([kommune, docs]) => h("section", { class: "group", "aria-label": fmt.kommune(kommune) },
      h("h3", { class: "group__title" }, fmt.kommune(kommune), h("small", {}, fmt.plural(docs.length, "dokument", "dokumenter"))),
      h("ol", { class: "cards" }, docs.map((d) => card(api, d, 4))))));
}

export function renderResultsLoading(section) {
  section.hidden = false;
  section.setAttribute("aria-busy", "true");
  replace(section,
    h("h2", { id: "results-title", class: "results__title" }, "Søger …"),
    h("div", { class: "skeleton", "aria-hidden": "true" }, [1, 2, 3].map(() => h("div", { class: "skeleton__card" }))));
}

export function renderEmpty(section, query, hasFilters, onClear) {
  section.hidden = false;
  section.removeAttribute("aria-busy");
  replace(section, h("div", { class: "state" },
    h("h2", { id: "results-title" }, "Ingen resultater"),
    h("p", {}, `Vidensbanken fandt ingen tekstafsnit, der passer til »${query}«.`),
    h("ul", {},
      hasFilters ? h("li", {}, h("button", { type: "button", class: "button button--link", onclick: onClear }, "Fjern filtrene"), " og søg i hele vidensbanken.") : null,
      h("li", {}, "Prøv andre ord, f.eks. »lokalgruppe« i stedet for »netværksgruppe«."),
      h("li", {}, "Stil spørgsmålet kortere."))));
}

export function renderError(section, message, onRetry) {
  section.hidden = false;
  section.removeAttribute("aria-busy");
  replace(section, h("div", { class: "state state--error", role: "alert" },
    h("h2", { id: "results-title" }, "Søgningen mislykkedes"),
    h("p", {}, message),
    h("button", { type: "button", class: "button", onclick: onRetry }, "Prøv igen")));
}
