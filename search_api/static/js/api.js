// A small client for the Vidensbank HTTP API: JSON in, JSON out, problem+json as ApiError.

const KEY_STORAGE = "vidensbank-key";

export class ApiError extends Error {
  constructor(status, detail, problem = null) {
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

/** The Danish sentence a person should read for a failed request. */
export function describe(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Vidensbanken kræver en gyldig adgangsnøgle.";
    if (error.status === 403) return "Din nøgle giver ikke adgang til dette.";
    if (error.status === 429) return "Der er sendt mange forespørgsler på kort tid. Vent et øjeblik, og prøv igen.";
    if (error.status >= 500 && error.status !== 503) return "Der opstod en fejl på serveren. Prøv igen om lidt.";
    return error.message || "Forespørgslen mislykkedes.";
  }
  return "Vidensbanken kunne ikke nås. Tjek din forbindelse, og prøv igen.";
}

export class Api {
  constructor({ base = "", key = null } = {}) {
    this.base = base.replace(/\/$/, "");
    this.key = key ?? sessionStorage.getItem(KEY_STORAGE);
  }

  setKey(key) {
    this.key = key || null;
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  }

  headers(extra = {}) {
    return this.key ? { ...extra, Authorization: `Bearer ${this.key}` } : extra;
  }

  async request(method, path, { body, params, signal, raw = false, headers = {} } = {}) {
    const url = new URL(this.base + path, location.href);
    for (const [name, value] of Object.entries(params || {})) {
      for (const v of [].concat(value)) if (v !== null && v !== undefined && v !== "") url.searchParams.append(name, v);
    }
    const init = { method, signal, headers: this.headers(headers) };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    const response = await fetch(url, init);
    if (!response.ok) throw await problemOf(response);
    if (raw) return response;
    return response.status === 204 ? null : response.json();
  }

  get(path, options) { return this.request("GET", path, options); }
  post(path, body, options = {}) { return this.request("POST", path, { ...options, body }); }
  patch(path, body, options = {}) { return this.request("PATCH", path, { ...options, body }); }
  delete(path, options) { return this.request("DELETE", path, options); }

  /** A URL the browser can open for a protected file: the path itself, or a blob fetched with the key. */
  async openable(path) {
    if (!this.key) return this.base + path;
    const [bare, fragment] = path.split("#");
    const response = await this.request("GET", bare, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    return fragment ? `${url}#${fragment}` : url;
  }
}

async function problemOf(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  const detail = problem && typeof problem.detail === "string" ? problem.detail : `Fejl ${response.status}`;
  return new ApiError(response.status, detail, problem);
}
