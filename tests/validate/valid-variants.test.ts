import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateRegistryDir } from "../../core/validate/validate-dir.js";
import { validateRegistry } from "../../core/validate/validate-registry.js";
import { CORPUS, caseSnapshot } from "../helpers/corpus.js";

const base = join(CORPUS, "base");
const T = "templates/example-workstation/template.json";
const baseTemplate = () => JSON.parse(readFileSync(join(base, T), "utf8"));

/** Validates the base registry with files replaced in memory. */
function validateWith(files: Record<string, string>) {
  const snapshot = caseSnapshot(join(CORPUS, "no-such-case"));
  for (const [path, text] of Object.entries(files)) {
    const full = `registry/${path}`;
    const bytes = new TextEncoder().encode(text);
    const entry = snapshot.entries.find((e) => e.path === full);
    if (entry) Object.assign(entry, { bytes, size: bytes.length });
    else snapshot.entries.push({ path: full, kind: "file", size: bytes.length, bytes });
    const dir = full.slice(0, full.lastIndexOf("/"));
    if (dir !== "registry" && !snapshot.entries.some((e) => e.path === dir)) snapshot.entries.push({ path: dir, kind: "directory", size: 0 });
  }
  return validateRegistry(snapshot).diagnostics;
}

const edit = (mutate: (t: ReturnType<typeof baseTemplate>) => void) => {
  const t = baseTemplate();
  mutate(t);
  return { [T]: JSON.stringify(t, null, 2) };
};
// Only active public templates may be featured, so lifecycle and visibility cases feature another one.
const withFeatured = (files: Record<string, string>) => ({ ...files, "featured.json": JSON.stringify({ featured: [{ template_id: "parent-stack" }] }) });

// Each case sits just inside a rule's boundary: a correct validator reports nothing.
const cases: Record<string, Record<string, string>> = {
  "arm64-only on Graviton": edit((t) => {
    t.architecture = ["arm64"];
    t.environment.instance_defaults = { type: "c7gn.xlarge" };
  }),
  "first-generation Graviton a1": edit((t) => {
    t.architecture = ["arm64"];
    t.environment.instance_defaults = { type: "a1.large" };
  }),
  "x86 GPU g5 is not Graviton": edit((t) => {
    t.architecture = ["x86_64"];
    t.environment.instance_defaults = { type: "g5.xlarge" };
  }),
  "deprecated with reason and an active replacement": withFeatured(
    edit((t) => {
      t.publication.maintenance_status = "deprecated";
      t.publication.maintenance = { reason: "Moved to a CUDA 12 stack.", date: "2026-01-31", replacement: "parent-stack" };
    }),
  ),
  "captured images for listed architectures, in a template region outside ami.regions": edit((t) => {
    t.ami.source_images = {
      x86_64: { image_id: "ami-0123456789abcdef0", region: "eu-west-1", owner_id: "111122223333", instance_id: "i-0123456789abcdef0" },
      arm64: { image_id: "ami-0fedcba9876543210", region: "us-east-1", owner_id: "111122223333", created_at: "2026-10-01T12:00:00Z" },
    };
  }),
  "fork of an existing parent at its version": edit((t) => {
    t.forked_from = { template_id: "parent-stack", version: "2.0.0" };
  }),
  "SPDX expression and Custom license": edit((t) => {
    t.publication.license = "(MIT OR Apache-2.0) AND BSD-3-Clause";
  }),
  "Custom license with URL": edit((t) => {
    t.publication.license = "Custom";
    t.publication.license_url = "https://example.org/license";
  }),
  "organization visibility with id": withFeatured(
    edit((t) => {
      t.publication.visibility = "organization";
      t.publication.organization_id = "o-a1b2c3d4e5";
    }),
  ),
  "same package in conda and pip with the same pin": edit((t) => {
    t.environment.packages.conda = ["python=3.12", "numpy==2.1.3"];
    t.environment.packages.pip = ["jupyterlab==4.3.0"];
  }),
  "chmod 777 on /tmp is not a system path, and a checked download is not unpinned remote code": edit((t) => {
    t.environment.post_install = [
      "mkdir -p /tmp/scratch && chmod 777 /tmp/scratch",
      "curl -fsSL -o /tmp/setup.sh https://example.org/setup-1.4.2.sh",
      `echo '${"a".repeat(64)}  /tmp/setup.sh' | sha256sum -c && bash /tmp/setup.sh`,
      "curl -fsSL https://example.org/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg",
      "",
    ].join("\n");
  }),
  "placeholders as plain shell words, including as $1 of bash -c and inside $( )": edit((t) => {
    t.environment.post_install = [
      "DIR={{.workspace}}",
      "install -d --mode=0755 {{.workspace}}/data prefix-{{.workspace}}",
      "bash -c 'cd \"$1\" && ls' _ {{.workspace}}",
      'echo "count: $(ls {{.workspace}} | wc -l)"',
      "# a comment may mention {{.workspace}} in quotes: '{{.workspace}}'",
      "cat > /etc/motd <<'EOF'",
      "Welcome",
      "EOF",
      "printf 'export WORKSPACE=%q\\n' {{.workspace}} > /etc/profile.d/workspace.sh",
    ].join("\n");
  }),
  "passwordless sudo and an open notebook with declared reasons": edit((t) => {
    t.environment.post_install = [
      "echo 'researcher ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/researcher",
      "jupyter lab --ServerApp.token='' --ip=127.0.0.1 &",
    ].join("\n");
    t.security_exceptions = {
      CWS305: "Course machines are single-user and rebuilt every week; students install packages with sudo.",
      CWS306: "Jupyter listens on loopback only and is reached through cws connect's SSH tunnel.",
    };
  }),
  "right-to-left text, tabs in scripts and newlines in descriptions": edit((t) => {
    t.name = "סביבת עבודה Workstation";
    t.description = "A complete example used as the base of the validator's test corpus.\nSecond line.";
    t.environment.post_install = "if true; then\n\techo workspace: {{.workspace}} > /etc/motd\nfi\n";
  }),
  "a new id one edit from a template sharing an owner": {
    "templates/parent-stacks/template.json": readFileSync(join(base, "templates/parent-stack/template.json"), "utf8").replace(
      '"template_id": "parent-stack"',
      '"template_id": "parent-stacks"',
    ),
    "templates/parent-stacks/README.md": readFileSync(join(base, "templates/parent-stack/README.md"), "utf8"),
  },
  "README with loopback http and mailto links": {
    "templates/example-workstation/README.md": `${readFileSync(join(base, "templates/example-workstation/README.md"), "utf8")}\nOpen http://127.0.0.1:8787 through the tunnel; write to <mailto:lab@example.org>.\n`,
  },
};

describe("valid variants", () => {
  it.each(Object.keys(cases))("%s", (name) => {
    expect(validateWith(cases[name] ?? {})).toEqual([]);
  });
});

describe("seeded registry", () => {
  it("passes validation with no errors or warnings", async () => {
    const result = await validateRegistryDir(new URL("../../registry", import.meta.url).pathname);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
    expect(result.templates).toBeGreaterThanOrEqual(16);
  });
});
