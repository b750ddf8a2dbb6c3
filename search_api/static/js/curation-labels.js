// Danish labels for the curation pages.

export const STATUS = { draft: "Kladde", published: "Publiceret", withdrawn: "Tilbagetrukket" };
export const PII = { cpr: "CPR-nummer", phone: "Telefonnummer", email: "E-mail", name: "Navn" };
export const PII_STATUS = { none: "Ingen fundet", unreviewed: "Skal gennemgås", confirmed: "Gennemgået", masked: "Maskeret" };
export const ACTIONS = {
  upload: "Upload", index: "Indeksering", update: "Metadata ændret", publish: "Publiceret", withdraw: "Tilbagetrukket",
  review_pii: "Personoplysninger gennemgået", delete: "Slettet", reindex: "Genindekseret", import: "Import",
  reconcile: "Afstemning", key_create: "Nøgle oprettet", key_revoke: "Nøgle tilbagekaldt",
};
export const VISIBILITY = { public: "Alle (offentlig)", "signed-in": "Indloggede brugere fra alle kommuner",
  kommune: "Kun dokumentets egen kommune" };
export const KINDS = ["fælles ramme", "rapport", "referat", "strategi", "handleplan", "best practice", "nyhed", "lov", "andet"];

const TIME = new Intl.DateTimeFormat("da-DK", { dateStyle: "medium", timeStyle: "short" });
export const time = (iso) => (iso ? TIME.format(new Date(iso)) : "");
export const piiLabel = (type) => PII[type] || type;
export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
