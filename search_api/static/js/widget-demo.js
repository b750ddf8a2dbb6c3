// The widget demo page: the snippets carry this installation's address.

const origin = location.origin;
const scriptSnippet = `<script src="${origin}/static/widget/ssp-vidensbank.js" defer></script>
<ssp-vidensbank api="${origin}" key="DIN-WIDGETNØGLE" kommune="Faxe"></ssp-vidensbank>`;
const iframeSnippet = `<iframe src="${origin}/widget/embed#kommune=Faxe&amp;key=DIN-WIDGETNØGLE"
        title="SSP Vidensbank" width="100%" height="560" style="border:0"></iframe>`;

document.getElementById("snippet-script").textContent = scriptSnippet;
document.getElementById("snippet-iframe").textContent = iframeSnippet;
document.getElementById("iframe-demo").src = "/widget/embed#kommune=Faxe";

for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    const status = document.getElementById("copy-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Koden er kopieret.";
      button.textContent = "Kopieret ✓";
      setTimeout(() => { button.textContent = "Kopiér koden"; }, 2000);
    } catch {
      status.textContent = "Kunne ikke kopiere. Markér koden, og kopiér den selv.";
    }
  });
}
