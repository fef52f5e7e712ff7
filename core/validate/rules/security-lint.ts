import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/make.js";
import type { RuleCode } from "../../diagnostics/rules.js";
import { LineIndex } from "../../json/line-index.js";
import { UNPRINTABLE } from "../../util/printable.js";
import type { CheckedTemplate } from "../context.js";
import { codeFindings } from "./remote-code.js";
import { headingProblems, textProblems } from "./text-safety.js";

interface Pattern {
  code: RuleCode;
  re: RegExp;
  message: string;
  hint: string;
}

// Secrets are errors wherever they appear: a published template is public forever.
const SECRETS: Pattern[] = [
  {
    code: "CWS301",
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    message: "AWS access key id",
    hint: "remove it and rotate the key; instances get credentials from an instance profile",
  },
  {
    code: "CWS301",
    re: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    message: "AWS secret access key",
    hint: "remove it and rotate the key; instances get credentials from an instance profile",
  },
  {
    code: "CWS302",
    re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    message: "private key",
    hint: "remove it and revoke the key; fetch secrets at boot from AWS Secrets Manager or SSM Parameter Store",
  },
];

// Every secret pattern contains one of these, so one cheap test rules out almost every string;
// matchAll clones its regex on each call, which at 10,000 templates cost more than the parse.
const MAYBE_SECRET = /AKIA|ASIA|ABIA|ACCA|aws_secret_access_key|PRIVATE KEY/i;

const SYSTEM_PATH = String.raw`(?:/|/(?:etc|usr|bin|sbin|lib|lib64|opt|boot|root|srv|var(?!/tmp))(?:/\S*)?)(?=\s|$|;|&|\|)`;

// Risky shell idioms are warnings: sometimes deliberate, always worth a second look.
const SHELL: Pattern[] = [
  {
    code: "CWS312",
    re: new RegExp(String.raw`\bchmod\s+(?:-[A-Za-z]+\s+)*(?:0?[0-7]?[0-7][0-7][2367]|[ugoa]*[oa][ugoa]*\+[rwxXst]*w[rwxXst]*)\s+${SYSTEM_PATH}`, "g"),
    message: "makes a system path world-writable",
    hint: "grant access through a group (chgrp + chmod g+w) or give the research user its own directory",
  },
  {
    code: "CWS313",
    re: /\bufw\s+(?:--force\s+)?disable\b|\bsystemctl\s+(?:stop|disable|mask)\s+(?:--now\s+)?(?:firewalld|ufw|nftables|iptables)\b|\biptables\s+(?:-F|--flush|-P\s+INPUT\s+ACCEPT)\b|\bsetenforce\s+0\b|\bSELINUX=disabled\b/g,
    message: "turns off the firewall or SELinux",
    hint: "open only the ports the template needs (environment.ports); the security group is the outer boundary",
  },
];

/**
 * Scans every string in the template for secrets and for hidden or control characters, and the
 * scripts for risky idioms; also the README for secrets and its headings for odd characters.
 */
export function securityLint(c: CheckedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  visitStrings(c.t, [], (path, text) => {
    if (UNPRINTABLE.test(text)) {
      let pointer: string | undefined;
      const at = () => {
        pointer ??= toPointer(path);
        return pointer;
      };
      for (const p of textProblems(text, at, () => at().slice(1))) out.push(c.at(p.code, at(), p.message, p.hint, { index: p.index }));
    }
    if (!MAYBE_SECRET.test(text)) return;
    const pointer = toPointer(path);
    for (const p of SECRETS) {
      for (const m of text.matchAll(p.re)) out.push(c.at(p.code, pointer, `${p.message} found`, p.hint, { index: m.index }));
    }
  });
  const env = c.t.environment;
  const scripts: [string, string | undefined][] = [
    ["/environment/user_data", env.user_data],
    ["/environment/post_install", env.post_install],
    ...(c.t.validation_tests ?? []).map((test, i): [string, string] => [`/validation_tests/${i}/command`, test.command]),
  ];
  for (const [pointer, script] of scripts) {
    if (!script) continue;
    for (const f of codeFindings(script)) out.push(c.at(f.code, pointer, f.message, f.hint, { index: f.index }));
    for (const p of SHELL) {
      for (const m of script.matchAll(p.re)) out.push(c.at(p.code, pointer, p.message, p.hint, { index: m.index }));
    }
  }
  out.push(...headingProblems(c));
  const docs = c.unit.docs;
  if (docs?.text && MAYBE_SECRET.test(docs.text)) {
    let lines: LineIndex | undefined;
    for (const p of SECRETS) {
      for (const m of docs.text.matchAll(p.re)) {
        lines ??= new LineIndex(docs.text);
        out.push(diagnostic(p.code, { file: docs.file, pointer: "", ...lines.position(m.index ?? 0) }, `${p.message} found`, p.hint));
      }
    }
  }
  return out;
}

/** Visits every string with its path; the JSON pointer is built only for strings that need one. */
function visitStrings(value: unknown, path: (string | number)[], visit: (path: readonly (string | number)[], text: string) => void): void {
  if (typeof value === "string") visit(path, value);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      path.push(i);
      visitStrings(v, path, visit);
      path.pop();
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      visitStrings(v, path, visit);
      path.pop();
    }
  }
}

function toPointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
