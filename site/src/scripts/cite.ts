// Template page, "Cite this environment": show one format at a time and copy it. Without this
// script every format stays visible as a block the reader can select (CiteBox.astro).
import { selectText } from "./select-text.js";

const box = document.querySelector<HTMLElement>("[data-cite]");
if (box) wire(box);

function wire(box: HTMLElement): void {
  const controls = box.querySelector<HTMLElement>("[data-cite-controls]");
  const select = box.querySelector<HTMLSelectElement>("#cite-format");
  const button = box.querySelector<HTMLButtonElement>("#cite-copy");
  const status = box.querySelector<HTMLElement>("#cite-status");
  const blocks = [...box.querySelectorAll<HTMLElement>(".cite-format")];
  if (!controls || !select || !button || !status || blocks.length === 0) return;

  const command = box.querySelector<HTMLElement>("#cite-command");
  const current = () => blocks.find((b) => b.dataset.format === select.value) ?? blocks[0];
  const show = () => {
    for (const b of blocks) b.hidden = b !== current();
    if (command) command.textContent = `${command.dataset.command ?? ""} ${select.value}`;
    status.textContent = "";
  };
  select.addEventListener("change", show);
  show();
  controls.hidden = false;
  box.classList.add("is-enhanced");

  // Without the clipboard API (plain http, old browsers) the block stays selectable by hand.
  if (!navigator.clipboard) {
    button.hidden = true;
    return;
  }
  let reset: number | undefined;
  button.addEventListener("click", async () => {
    const block = current();
    const code = block?.querySelector("code");
    if (!block || !code) return;
    const label = select.selectedOptions[0]?.textContent ?? "";
    try {
      await navigator.clipboard.writeText(code.textContent ?? "");
      status.textContent = `Copied the ${label} citation.`;
    } catch {
      selectText(code);
      status.textContent = "Copying was refused: the citation is selected, press Ctrl+C.";
    }
    window.clearTimeout(reset);
    reset = window.setTimeout(() => {
      status.textContent = "";
    }, 4000);
  });
}
