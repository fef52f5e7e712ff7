import { createInterface } from "node:readline/promises";

/**
 * Asks one question on the terminal and returns the trimmed answer, or undefined when stdin is
 * not a terminal (scripts, CI) or the answer is empty, so the caller falls back to its default.
 */
export async function ask(question: string): Promise<string | undefined> {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim();
    return answer === "" ? undefined : answer;
  } finally {
    rl.close();
  }
}
