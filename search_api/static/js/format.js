// Danish wording of the values hits carry.

const DATE = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "long", year: "numeric" });
const NUMBER = new Intl.NumberFormat("da-DK");

export const number = (n) => NUMBER.format(n);

/** "2021-05-04" -> "4. maj 2021"; a bare year stays a year. */
export function date(iso) {
  if (!iso) return "";
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!parts) return String(iso);
  return DATE.format(new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], 12)));
}

/** "national" -> "Landsdækkende"; other kommune values as they are. */
export function kommune(value) {
  if (!value) return "Ukendt kommune";
  return value === "national" ? "Landsdækkende" : value;
}

/** "fælles ramme" -> "Fælles ramme". */
export function kind(value) {
  if (!value) return "Dokument";
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** Where in the document a passage is: "Side 3 · Organisering › Lokalgrupper"; the page is the one
 * holding the highlight or quote, and a passage over several pages says so: "Side 3 (afsnit s. 1–4)". */
export function where(hit) {
  const parts = [];
  const [first, last] = hit.pages || [hit.page, hit.page];
  if (hit.page) parts.push(first !== last ? `Side ${hit.page} (afsnit s. ${first}–${last})` : `Side ${hit.page}`);
  if (hit.section) parts.push(hit.section.split(" > ").join(" › "));
  return parts.join(" · ");
}

/** Link to the stored original, at the cited page for PDFs. */
export function originalHref(hit, base = "") {
  const path = `${base}/v1/documents/${encodeURIComponent(hit.doc_id)}/file`;
  return hit.page ? `${path}#page=${hit.page}` : path;
}

/** Small rendered preview of a cited PDF page. */
export function previewSrc(hit, base = "") {
  return `${base}/v1/documents/${encodeURIComponent(hit.doc_id)}/pages/${hit.page}.png`;
}

/** "1 resultat" / "3 resultater". */
export function plural(n, one, many) {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/** Comparative questions ("hvordan gør andre kommuner …") are grouped by kommune. */
export function isComparative(question) {
  return /\b(andre|øvrige|flere|forskellige|alle)\s+kommune|\bkommunerne\b|\bsammenlign|\bandre steder\b|\bhvordan gør (man|de) (andre|i)/i.test(question || "");
}
