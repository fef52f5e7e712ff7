import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CAPTURE_STEP_NAME, MANIFEST_TAG, READ_STEP_PREFIX } from "../../core/ami/capture-script.js";
import { ROOT } from "../helpers/run.js";
import type { CommandOutcome, FakeCommand } from "./fake-world.js";

const corpus = (name: string) => readFileSync(join(ROOT, "tests/sbom/corpus", name), "utf8");

/** What SSM keeps of a command's stdout (GetCommandInvocation's StandardOutputContent). */
export const SSM_STDOUT_LIMIT = 24_000;

/**
 * A builder's installed software, for the fake's SSM: the capture step writes the listings its
 * script asks for (those this builder has), gzipped and base64-encoded, per instance; the read
 * steps return dd's block of the file the script names. Faults are injectable.
 */
export class FakeSoftware {
  /** Raw listings by capture file name; a file absent here is a tool the builder does not have. */
  listings: Record<string, string> = {
    "os-release.txt": "ubuntu\t24.04\n",
    "deb.txt": corpus("dpkg-ubuntu-24.04.txt"),
    "conda.json": corpus("conda-list.json"),
    "pip.json": corpus("pip-list.json"),
    "spack.json": corpus("spack-find.json"),
  };
  /** Make the capture step itself fail with this stderr. */
  captureFails: string | undefined;
  /** Rewrite a read's stdout (a lost or altered slice). */
  alterRead: ((file: string, index: number, text: string) => string) | undefined;
  readonly files = new Map<string, Map<string, string>>();
  readonly reads: { file: string; index: number; length: number }[] = [];

  /** The outcome of a capture or read step, or undefined for any other command. */
  outcome(command: FakeCommand): CommandOutcome | undefined {
    if (command.comment === CAPTURE_STEP_NAME) return this.capture(command);
    if (command.comment.startsWith(READ_STEP_PREFIX)) return this.read(command);
    return undefined;
  }

  private capture(command: FakeCommand): CommandOutcome {
    if (this.captureFails !== undefined) return { status: "Failed", exitCode: 1, stderr: this.captureFails };
    const written = new Map<string, string>();
    const manifest: string[] = [];
    for (const [file, text] of Object.entries(this.listings)) {
      // The script names every file it may write; a probe (captured image) writes whatever exists.
      if (!command.script.includes(`/${file}'`) && !command.script.includes(` ${file} `)) continue;
      const b64 = gzipSync(Buffer.from(text, "utf8")).toString("base64");
      written.set(file, b64);
      manifest.push(`${MANIFEST_TAG}\t${file}\t${b64.length}\t${createHash("sha256").update(b64).digest("hex")}`);
    }
    this.files.set(command.instanceId, written);
    return { status: "Success", exitCode: 0, stdout: `${manifest.join("\n")}\n` };
  }

  private read(command: FakeCommand): CommandOutcome {
    const m = /dd if='?[^' ]*\/([^/' ]+)\.b64'? bs=(\d+) skip=(\d+) count=1/.exec(command.script);
    if (!m) return { status: "Failed", exitCode: 2, stderr: "dd: bad arguments" };
    const [, file = "", bs = "0", skip = "0"] = m;
    const b64 = this.files.get(command.instanceId)?.get(file);
    if (b64 === undefined) return { status: "Failed", exitCode: 1, stderr: `dd: failed to open '${file}.b64': No such file or directory` };
    const index = Number(skip);
    let text = b64.slice(index * Number(bs), (index + 1) * Number(bs));
    if (this.alterRead) text = this.alterRead(file, index, text);
    this.reads.push({ file, index, length: text.length });
    return { status: "Success", exitCode: 0, stdout: text };
  }
}
