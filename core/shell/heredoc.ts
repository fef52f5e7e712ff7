import { quote } from "./quote.js";

/**
 * Writes content to path through a quoted here-document whose delimiter the content never
 * contains, so nothing in it is expanded or can end the document early. Plain text rather than
 * base64 keeps first-boot user data small (EC2 allows 16 KiB) and build logs readable.
 */
export function writeFileLines(path: string, content: string, mode: string): string[] {
  let delimiter = "CWS_EOF";
  for (let i = 1; content.split("\n").includes(delimiter); i++) delimiter = `CWS_EOF_${i}`;
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return [`cat > ${quote(path)} <<'${delimiter}'`, ...body.slice(0, -1).split("\n"), delimiter, `chmod ${mode} ${quote(path)}`];
}

/** A script from a template: written to a file, then run with its own interpreter line, else bash. */
export function runScriptLines(path: string, content: string): string[] {
  return [...writeFileLines(path, content, "0700"), content.startsWith("#!") ? quote(path) : `bash ${quote(path)}`];
}
