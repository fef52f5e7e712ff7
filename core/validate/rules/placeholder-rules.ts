import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { type PlaceholderContext, placeholderContexts } from "../../shell/placeholder-contexts.js";
import type { CheckedTemplate } from "../context.js";

// Launch substitutes each placeholder in a script as one single-quoted shell word, so a
// placeholder must stand where a plain word may; these are the places where it cannot.
const WRONG: Partial<Record<PlaceholderContext, (p: string) => [message: string, hint: string]>> = {
  "single-quotes": (p) => [
    `${p} is inside single quotes; placeholders are substituted as a single-quoted word, which would leave the value unquoted`,
    `drop the quotes around it: write X=${p}, not X='${p}'`,
  ],
  "ansi-quotes": (p) => [
    `${p} is inside $'...' quotes; placeholders are substituted as a single-quoted word, which would leave the value unquoted`,
    `close the quotes before it and reopen them after: $'a'${p}$'b'`,
  ],
  "double-quotes": (p) => [
    `${p} is inside double quotes, where the single quotes it is substituted with would become part of the text`,
    `close the quotes around it: "prefix "${p}" suffix"`,
  ],
  heredoc: (p) => [
    `${p} is inside a here-document, where the single quotes it is substituted with would be written as text`,
    `set a variable first (X=${p}) and use "$X" in an unquoted here-document, or write the line with printf '%s\\n' ${p}`,
  ],
  arithmetic: (p) => [
    `${p} is inside $(( )), where a quoted value is not a number`,
    `assign it first (N=${p}) and use $N; declare the parameter as an integer`,
  ],
  code: (p) => [
    `${p} is run as code (eval, sh -c ...), so the shell would parse the value again and run what is in it`,
    `pass it as data: bash -c 'command "$1"' _ ${p}`,
  ],
};

/** Every {{.name}} in user_data and post_install stands where one quoted shell word is right. */
export function placeholderRules(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scripts: [string, string | undefined][] = [
    ["/environment/user_data", c.t.environment.user_data],
    ["/environment/post_install", c.t.environment.post_install],
  ];
  for (const [pointer, script] of scripts) {
    if (!script?.includes("{{")) continue;
    for (const use of placeholderContexts(script)) {
      const explain = WRONG[use.context];
      if (!explain) continue;
      const [message, hint] = explain(`{{.${use.name}}}`);
      out.push(c.at("CWS227", pointer, message, hint, { index: use.index }));
    }
  }
  return out;
}
