// Jobs on the curation pages: an upload's progress after 202, and the list of recent runs
// (uploads, index runs from the command line, rebuilds) at /kurator/koersler.

import { h, replace } from "./dom.js";
import * as L from "./curation-labels.js";

const POLL_MS = 700;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const JOB_STATUS = { receiving: "Modtager filer", queued: "I kø", running: "Kører", done: "Færdig", failed: "Fejlet" };
export const JOB_KIND = { upload: "Upload", index: "Indeksering", reindex: "Genindeksering" };
const OUTCOME = { indexed: "indekseret", skipped: "sprunget over", failed: "fejlet", removed: "fjernet" };

/** "12 af 30 tekststykker" style progress text of a job. */
export function progressText(job) {
  const p = job.progress;
  const parts = [];
  if (p.files_total) parts.push(`${p.files_done} af ${p.files_total} filer`);
  if (p.passages_total) parts.push(`${p.passages_done} af ${p.passages_total} tekststykker`);
  return parts.join(" · ");
}

/** The share done, 0..1, from passages when known, else files. */
function share(job) {
  const p = job.progress;
  if (job.status === "done") return 1;
  if (p.passages_total) return p.passages_done / p.passages_total;
  return p.files_total ? p.files_done / p.files_total : 0;
}

/** Poll a job until it has finished; onUpdate gets every state seen. */
export async function followJob(api, url, onUpdate) {
  for (;;) {
    const job = await api.get(url);
    onUpdate(job);
    if (job.status === "done" || job.status === "failed") return job;
    await sleep(POLL_MS);
  }
}

function jobRow(job) {
  const bar = h("progress", { max: "100", value: String(Math.round(share(job) * 100)), "aria-label": `Fremdrift for kørsel ${job.id}` });
  const failed = job.results.filter((r) => r.outcome === "failed");
  return h("tr", { "data-job": job.id, "data-status": job.status },
    h("td", { class: "small" }, h("time", { datetime: job.created_at }, L.time(job.created_at))),
    h("td", {}, JOB_KIND[job.kind] || job.kind),
    h("td", {}, job.actor),
    h("td", {}, h("span", { class: `status status--job-${job.status}` }, JOB_STATUS[job.status] || job.status),
      job.attempts > 1 ? h("span", { class: "small muted" }, ` (genoptaget, forsøg ${job.attempts})`) : null),
    h("td", { class: "job-progress" }, bar, h("span", { class: "small" }, progressText(job))),
    h("td", { class: "small" },
      job.error ? h("span", { role: "alert", class: "pii-flag" }, job.error) : null,
      job.summary?.doc_id ? h("a", { href: `/kurator/dokument/${encodeURIComponent(job.summary.doc_id)}` }, "Gennemgå") : null,
      failed.length ? h("ul", { class: "job-failures" }, failed.map((r) => h("li", {}, `${r.source}: ${r.reason}`))) : null,
      job.kind !== "upload" && job.status === "done"
        ? h("span", {}, Object.entries(OUTCOME).map(([k, label]) => `${job.results.filter((r) => r.outcome === k).length} ${label}`).join(", "))
        : null));
}

/** The view at /kurator/koersler: recent jobs, refreshed while any is unfinished. */
export async function showJobs(api, main, head) {
  replace(main, head("Kørsler", "Uploads og indekseringer kører i baggrunden. Siden opdateres, mens en kørsel er i gang."),
    h("p", { class: "muted" }, "Henter …"));
  for (;;) {
    const jobs = await api.get("/v1/jobs", { params: { limit: 50 } });
    const table = !jobs.length ? h("div", { class: "panel empty" }, "Ingen kørsler endnu.") :
      h("div", { class: "table-wrap" }, h("table", { class: "jobs" },
        h("caption", {}, "Seneste kørsler"),
        h("thead", {}, h("tr", {}, ["Startet", "Type", "Hvem", "Status", "Fremdrift", "Resultat"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, jobs.map(jobRow))));
    if (!main.isConnected || !main.querySelector("h1")?.textContent.startsWith("Kørsler")) return;
    main.lastChild.replaceWith(table);
    if (!jobs.some((j) => !["done", "failed"].includes(j.status))) return;
    await sleep(POLL_MS * 2);
  }
}
