/**
 * Where each `{{.name}}` sits in a shell script. Launch substitutes a placeholder as one
 * single-quoted word (see placeholders.ts), which is right where a plain word may stand and wrong
 * inside quotes (the value would end up outside them, or keep its quotes), in here-documents and
 * arithmetic (the quotes become text), and where the shell runs its argument as code (eval,
 * sh -c: the value becomes a command again). A small lexer, not a parser: it follows quotes,
 * $( ), backticks, ${ }, $(( )), comments and here-documents, which is what decides quoting.
 */

export type PlaceholderContext = "word" | "single-quotes" | "double-quotes" | "ansi-quotes" | "heredoc" | "arithmetic" | "code" | "comment";

export interface PlaceholderUse {
  name: string;
  /** Offset of `{{` in the script. */
  index: number;
  /** Offset just after `}}`. */
  end: number;
  context: PlaceholderContext;
}

type FrameKind = "top" | "cmdsub" | "backtick" | "double" | "single" | "ansi" | "arith" | "brace";
interface Frame {
  kind: FrameKind;
  /** Open ( in $( ) and $(( )), { in ${ }. */
  depth: number;
  /** Where the current simple command starts, in unquoted frames. */
  cmdStart: number;
}

const AT_PLACEHOLDER = /\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
const HEREDOC = /<<(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z0-9_.-]+))/y;
const PREFIX = String.raw`^\s*(?:(?:if|then|do|else|elif|while|until|!|time|exec|command|builtin|nohup|sudo(?:\s+-[A-Za-z]+(?:\s+[^-\s]\S*)?)*|env(?:\s+[A-Za-z_]\w*=\S*)*)\s+)*`;
const EVAL = new RegExp(`${PREFIX}eval\\s`);
// The placeholder is (in) the first word after -c / -e: the code itself, not $0 or $1 after it.
const INTERPRETER = new RegExp(
  `${PREFIX}(?:\\S*/)?(?:(?:(?:ba|da|z|k|fi)?sh|su|python3?)\\s(?:.*?\\s)?-[A-Za-z]*c|(?:perl|ruby|node|Rscript)\\s(?:.*?\\s)?-[A-Za-z]*e)\\s+\\S*$`,
  "s",
);

export function placeholderContexts(script: string): PlaceholderUse[] {
  const out: PlaceholderUse[] = [];
  const stack: Frame[] = [{ kind: "top", depth: 0, cmdStart: 0 }];
  const pending: { delimiter: string; stripTabs: boolean }[] = [];
  const top = () => stack[stack.length - 1] as Frame;
  const push = (kind: FrameKind, at: number) => stack.push({ kind, depth: 0, cmdStart: at });
  const pop = () => {
    if (stack.length > 1) stack.pop();
  };
  /** Placeholders are found before anything else, so their braces never count as ${ }. */
  const placeholderAt = (i: number): { name: string; end: number } | undefined => {
    if (script[i] !== "{" || script[i + 1] !== "{") return undefined;
    AT_PLACEHOLDER.lastIndex = i;
    const m = AT_PLACEHOLDER.exec(script);
    return m ? { name: m[1] ?? "", end: AT_PLACEHOLDER.lastIndex } : undefined;
  };
  const contextOf = (frame: Frame, at: number): PlaceholderContext => {
    switch (frame.kind) {
      case "single":
        return "single-quotes";
      case "ansi":
        return "ansi-quotes";
      case "double":
        return "double-quotes";
      case "arith":
        return "arithmetic";
      case "brace":
        // ${x:-{{.p}}} is as quoted as the ${ } itself.
        return contextOf(stack[stack.lastIndexOf(frame) - 1] ?? frame, at);
      default: {
        const command = script.slice(frame.cmdStart, at);
        return EVAL.test(command) || INTERPRETER.test(command) ? "code" : "word";
      }
    }
  };

  let i = 0;
  while (i < script.length) {
    const frame = top();
    const found = placeholderAt(i);
    if (found) {
      out.push({ name: found.name, index: i, end: found.end, context: contextOf(frame, i) });
      i = found.end;
      continue;
    }
    const ch = script[i];
    const next = script[i + 1];
    if (frame.kind === "single") {
      if (ch === "'") pop();
      i++;
      continue;
    }
    if (frame.kind === "ansi") {
      if (ch === "\\") i++;
      else if (ch === "'") pop();
      i++;
      continue;
    }
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (frame.kind === "double") {
      if (ch === '"') pop();
      else if (ch === "`") push("backtick", i + 1);
      else if (ch === "$" && next === "(") i = openParen(i);
      else if (ch === "$" && next === "{") {
        push("brace", i + 2);
        i++;
      }
      i++;
      continue;
    }
    if (frame.kind === "brace") {
      if (ch === "{") frame.depth++;
      else if (ch === "}") {
        if (frame.depth === 0) pop();
        else frame.depth--;
      } else if (ch === "'") push("single", i + 1);
      else if (ch === '"') push("double", i + 1);
      i++;
      continue;
    }
    if (frame.kind === "arith") {
      if (ch === "(") frame.depth++;
      else if (ch === ")") {
        if (frame.depth === 0) {
          pop();
          i++; // the second ) of ))
        } else frame.depth--;
      }
      i++;
      continue;
    }
    // Unquoted: top level, $( ) and backticks.
    if (ch === "#" && (i === 0 || /[\s;&|()]/.test(script[i - 1] ?? ""))) {
      const end = script.indexOf("\n", i);
      const stop = end === -1 ? script.length : end;
      for (let j = script.indexOf("{{", i); j !== -1 && j < stop; j = script.indexOf("{{", j + 2)) {
        const p = placeholderAt(j);
        if (p) out.push({ name: p.name, index: j, end: p.end, context: "comment" });
      }
      i = stop;
      continue;
    }
    if (ch === "'") push("single", i + 1);
    else if (ch === '"') push("double", i + 1);
    else if (ch === "$" && next === "'") {
      push("ansi", i + 2);
      i++;
    } else if (ch === "$" && next === "(") i = openParen(i);
    else if (ch === "$" && next === "{") {
      push("brace", i + 2);
      i++;
    } else if (ch === "`") {
      if (frame.kind === "backtick") pop();
      else push("backtick", i + 1);
    } else if (ch === "(" && frame.kind === "cmdsub") {
      frame.depth++;
      frame.cmdStart = i + 1;
    } else if (ch === ")" && frame.kind === "cmdsub") {
      if (frame.depth === 0) pop();
      else frame.depth--;
      top().cmdStart = i + 1;
    } else if (ch === "<" && next === "<" && script[i + 2] !== "<") {
      HEREDOC.lastIndex = i;
      const m = HEREDOC.exec(script);
      if (m) {
        pending.push({ delimiter: m[2] ?? m[3] ?? m[4] ?? "", stripTabs: m[1] === "-" });
        i = HEREDOC.lastIndex;
        continue;
      }
    } else if (ch === "\n" && pending.length > 0) {
      i = readBodies(i + 1);
      frame.cmdStart = i;
      continue;
    } else if (ch === ";" || ch === "&" || ch === "|" || ch === "\n" || ch === "(" || ch === ")") frame.cmdStart = i + 1;
    i++;
  }
  return out;

  /** At `$(`: pushes $( ) or $(( )) and returns the offset of the last ( consumed. */
  function openParen(at: number): number {
    if (script[at + 2] === "(") {
      push("arith", at + 3);
      return at + 2;
    }
    push("cmdsub", at + 2);
    return at + 1;
  }

  /** Here-document bodies start after the line that opened them; returns the offset after the last one. */
  function readBodies(start: number): number {
    let pos = start;
    for (const { delimiter, stripTabs } of pending.splice(0)) {
      while (pos < script.length) {
        const end = script.indexOf("\n", pos);
        const stop = end === -1 ? script.length : end;
        const line = script.slice(pos, stop);
        if ((stripTabs ? line.replace(/^\t+/, "") : line) === delimiter) {
          pos = stop + 1;
          break;
        }
        for (let j = line.indexOf("{{"); j !== -1; j = line.indexOf("{{", j + 2)) {
          const p = placeholderAt(pos + j);
          if (p) out.push({ name: p.name, index: pos + j, end: p.end, context: "heredoc" });
        }
        pos = stop + 1;
      }
    }
    return Math.min(pos, script.length);
  }
}

// Closing the quotes around a placeholder and reopening them after keeps the text the same and
// lets the placeholder's own single-quoted word stand between them.
const REQUOTE: Partial<Record<PlaceholderContext, [before: string, after: string]>> = {
  "single-quotes": ["'", "'"],
  "double-quotes": ['"', '"'],
  "ansi-quotes": ["'", "$'"],
};

/**
 * A script written for plain substitution (CloudWorkstation's own templates quote placeholders
 * themselves: `REF='{{.ref}}'`), rewritten for substitution as shell words: `REF=''{{.ref}}''`.
 * Placeholders in here-documents, $(( )) or code are left as they are, for the validator to report.
 */
export function requotePlaceholders(script: string): string {
  let out = script;
  for (const use of placeholderContexts(script).reverse()) {
    const quotes = REQUOTE[use.context];
    if (quotes) out = `${out.slice(0, use.index)}${quotes[0]}${out.slice(use.index, use.end)}${quotes[1]}${out.slice(use.end)}`;
  }
  return out;
}
