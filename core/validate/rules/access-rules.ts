import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CheckedTemplate } from "../context.js";

// Anything on the instance that runs as the research user becomes root with no password.
const NOPASSWD = /^(?![ \t]*#).*?\b(NOPASSWD[ \t]*:)/gm;

// A notebook server with no token or password gives a shell to whoever reaches its port.
const NO_AUTH = new RegExp(
  [
    // jupyter lab --ServerApp.token='' / --NotebookApp.password= (command line)
    String.raw`--(?:NotebookApp|ServerApp|LabApp|IdentityProvider|PasswordIdentityProvider)\.(?:token|password)[ \t]*=[ \t]*(?:''|""|(?=[\s;&|]|$))`,
    // c.ServerApp.token = '' (jupyter_server_config.py)
    String.raw`\bc\.(?:NotebookApp|ServerApp|LabApp|IdentityProvider|PasswordIdentityProvider)\.(?:token|password)[ \t]*=[ \t]*u?(?:''|"")`,
    // code-server --auth none, or auth: none in its config.yaml
    String.raw`--auth(?:[ \t]+|=)none\b`,
    String.raw`^[ \t]*auth:[ \t]*none\b`,
    // RStudio Server auth-none=1; rocker images' DISABLE_AUTH=true or an empty PASSWORD=
    String.raw`\bauth-none[ \t]*=[ \t]*1\b`,
    String.raw`\bDISABLE_AUTH=["']?(?:true|1)\b`,
    String.raw`(?<![\w.-])PASSWORD=(?:''|""|(?=[\s;&|]|$))`,
  ].join("|"),
  "gm",
);

/** No passwordless sudo and no unauthenticated notebook servers, unless security_exceptions says why. */
export function accessRules(c: CheckedTemplate): Diagnostic[] {
  const env = c.t.environment;
  const exceptions = c.t.security_exceptions ?? {};
  const texts: [string, string | undefined][] = [
    ["/environment/user_data", env.user_data],
    ["/environment/post_install", env.post_install],
    ...(env.services ?? []).flatMap((s, i) => (s.config ?? []).map((line, j): [string, string] => [`/environment/services/${i}/config/${j}`, line])),
  ];
  const out: Diagnostic[] = [];
  for (const [pointer, text] of texts) {
    if (!text) continue;
    if (!exceptions.CWS305 && text.includes("NOPASSWD")) {
      for (const m of text.matchAll(NOPASSWD)) {
        out.push(
          c.at(
            "CWS305",
            pointer,
            "writes a NOPASSWD sudoers rule, so any process of that user becomes root without a password",
            "drop NOPASSWD (the research user's sudo then asks for its password), or set security_exceptions.CWS305 to say why the template needs it",
            { index: (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0) },
          ),
        );
      }
    }
    if (!exceptions.CWS306 && /token|password|auth|PASSWORD/i.test(text)) {
      for (const m of text.matchAll(NO_AUTH)) {
        out.push(
          c.at(
            "CWS306",
            pointer,
            `starts a notebook server with no token or password (${m[0].trim()}), which gives a shell to anyone who reaches its port`,
            "keep the server's default token or set a password from SSM Parameter Store, or set security_exceptions.CWS306 to say why and what protects the port",
            { index: m.index ?? 0 },
          ),
        );
      }
    }
  }
  return out;
}
