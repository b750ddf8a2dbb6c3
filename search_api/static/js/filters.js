// The filter sidebar: kommune and type checkboxes and year selects, with facet counts.

import { h, replace } from "./dom.js";
import * as fmt from "./format.js";

const SHOWN = 8; // kommuner listed before "Vis alle"

function option(field, value, count, checked, label) {
  const id = `f-${field}-${value}`.replace(/[^\w-]/g, "_");
  return h("label", { class: `facet__option${count ? "" : " facet__option--empty"}`, for: id },
    h("input", { type: "checkbox", id, name: field, value, checked }),
    h("span", { class: "facet__label" }, label),
    h("span", { class: "facet__count" }, h("span", { class: "visually-hidden" }, ", tekstafsnit: "), fmt.number(count)));
}

function checkboxes(container, field, counts, selected, label) {
  const values = Object.keys(counts);
  for (const value of selected) if (!(value in counts)) values.push(value); // keep a chosen value visible
  if (!values.length) return replace(container, h("p", { class: "facet__empty" }, "Ingen værdier endnu."));
  const all = container.dataset.expanded === "true";
  const shown = all ? values : values.filter((v, i) => i < SHOWN || selected.includes(v));
  replace(container, shown.map((v) => option(field, v, counts[v] || 0, selected.includes(v), label(v))));
  if (values.length > SHOWN) {
    container.append(h("button", { type: "button", class: "button button--link facet__more", "aria-expanded": String(all),
      onclick: () => { container.dataset.expanded = String(!all); checkboxes(container, field, counts, selected, label); } },
      all ? "Vis færre" : `Vis alle ${values.length}`));
  }
}

function years(select, counts, chosen) {
  const values = Object.keys(counts);
  if (chosen && !values.includes(chosen)) values.push(chosen);
  values.sort((a, b) => b.localeCompare(a));
  replace(select, h("option", { value: "" }, "Alle"),
    values.map((y) => h("option", { value: y, selected: y === chosen }, counts[y] ? `${y} (${fmt.number(counts[y])})` : y)));
}

/** Fill the sidebar from /v1/facets counts and the current state. */
export function renderFilters(form, facets, state) {
  checkboxes(form.querySelector('[data-facet="kommune"]'), "kommune", facets.kommune, state.kommune, fmt.kommune);
  checkboxes(form.querySelector('[data-facet="kind"]'), "kind", facets.kind, state.kind, fmt.kind);
  years(form.querySelector("#year-from"), facets.year, state.fra);
  years(form.querySelector("#year-to"), facets.year, state.til);
}

/** The filter values the form holds now. */
export function readFilters(form) {
  const data = new FormData(form);
  return { kommune: data.getAll("kommune"), kind: data.getAll("kind"), fra: data.get("fra") || "", til: data.get("til") || "" };
}
