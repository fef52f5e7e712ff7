// Template page: keep the launch command in step with the instance-name field, and copy it.

import { launchCommand } from "../../../core/site/view.js";
import { selectText } from "./select-text.js";

const box = document.querySelector<HTMLElement>("[data-launch]");
if (box) wire(box);

function wire(box: HTMLElement): void {
  const id = box.dataset.launch ?? "";
  const input = box.querySelector<HTMLInputElement>("#instance-name");
  const code = box.querySelector<HTMLElement>("#launch-command code");
  const button = box.querySelector<HTMLButtonElement>("[data-copy]");
  const label = button?.querySelector("span");
  if (!input || !code) return;

  input.addEventListener("input", () => {
    // Keep only characters an instance name may hold, so the copied command is always one safe word.
    const name = input.value.replace(/[^A-Za-z0-9_.-]/g, "") || "my-workstation";
    showCommand(code, launchCommand(id, name));
  });

  if (!button || !label || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent ?? "");
      label.textContent = "Copied";
    } catch {
      label.textContent = "Press Ctrl+C";
      selectText(code);
    }
    window.setTimeout(() => {
      label.textContent = "Copy";
    }, 2000);
  });
}

/** Same markup as LaunchBox.astro: one unbreakable span per word, so lines wrap only between words. */
function showCommand(code: HTMLElement, command: string): void {
  const parts: (Node | string)[] = [];
  command.split(" ").forEach((word, i) => {
    const span = document.createElement("span");
    span.className = "word";
    span.textContent = word;
    parts.push(...(i > 0 ? [" ", span] : [span]));
  });
  code.replaceChildren(...parts);
}
