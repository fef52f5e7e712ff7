import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importCwsTemplate } from "../../core/import/cws-yaml.js";
import { MAX_SOURCE_BYTES } from "../../core/import/source.js";
import { validatorFor } from "../../core/schema/ajv.js";
import { codes, errors, importFixture, only } from "./helpers.js";

const OPTS = { author: "jdoe", category: "misc" };
const HEAD = 'name: "Test Template"\ndescription: "A template used to test the importer"\nbase: ubuntu-22.04\n';

describe("files that are not CloudWorkstation templates", () => {
  it("reports a YAML syntax error as CWS501 at the parser's line", () => {
    const r = importFixture("not-yaml.yml", OPTS);
    expect(r.template).toBeUndefined();
    expect(codes(r.diagnostics)).toEqual(["CWS501"]);
    const d = r.diagnostics[0];
    // The flow sequence opened on line 4 is found unterminated where line 5 starts.
    expect(d).toMatchObject({ file: "fixtures/not-yaml.yml", line: 5, column: 1, severity: "error" });
    expect(d?.hint).toMatch(/syntax/);
  });

  it("reports a top-level list as CWS502 at the document root", () => {
    const r = importFixture("list.yml", OPTS);
    expect(r.template).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "CWS502", line: 1, column: 1, pointer: "" })]);
    expect(r.diagnostics[0]?.message).toMatch(/list/);
  });

  it("reports a missing base as CWS502 pointing at the parent mapping", () => {
    const r = importFixture("missing-base.yml", OPTS);
    expect(r.template).toBeUndefined();
    const d = only(r.diagnostics, "CWS502", "");
    expect(d).toMatchObject({ line: 1, column: 1 });
    expect(d.message).toContain('"base"');
  });

  it("reports a parent that is not found as CWS502 at the inherits entry", () => {
    const r = importFixture("inherits.yml", OPTS);
    expect(r.template).toBeUndefined();
    expect(errors(r.diagnostics)).toEqual([
      expect.objectContaining({ code: "CWS502", pointer: "/inherits/0", line: 8, column: 5, message: 'parent template "Rocky Linux 9 Base" not found' }),
    ]);
    expect(r.diagnostics[0]?.hint).toMatch(/--templates-dir/);
  });

  it("imports only the first YAML document, as Go's yaml.Unmarshal does, with a warning at the separator", () => {
    // The second document is not even valid YAML; CloudWorkstation never reads it.
    const r = importCwsTemplate(`${HEAD}---\nname: [other\n`, "multi.yml", OPTS);
    expect(r.template?.name).toBe("Test Template");
    const d = r.diagnostics.find((x) => x.message.startsWith("only the first YAML document"));
    expect(d).toMatchObject({ code: "CWS504", severity: "warning", line: 4, column: 1 });
    expect(d?.hint).toMatch(/single document/);
  });

  it("refuses duplicate keys with CWS501 at the repeated key", () => {
    const r = importCwsTemplate(`${HEAD}version: 1.0.0\nversion: 2.0.0\n`, "dup.yml", OPTS);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "CWS501", line: 5 })]);
  });

  it("stops an alias bomb with CWS501 instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const r = importCwsTemplate(`${HEAD}${bomb.join("\n")}\n`, "bomb.yml", OPTS);
    expect(codes(r.diagnostics)).toEqual(["CWS501"]);
    expect(r.diagnostics[0]?.message).toMatch(/alias/);
  });

  it("refuses files over 1 MiB", () => {
    const r = importCwsTemplate(`${HEAD}# ${"x".repeat(MAX_SOURCE_BYTES)}\n`, "big.yml", OPTS);
    expect(codes(r.diagnostics)).toEqual(["CWS007"]);
  });

  it("reports an empty file as CWS502", () => {
    expect(codes(importCwsTemplate("# only a comment\n", "empty.yml", OPTS).diagnostics)).toEqual(["CWS502"]);
  });
});

describe("values the marketplace cannot carry", () => {
  it("reports wrong types as CWS502 with the exact item position", () => {
    const r = importCwsTemplate(`${HEAD}packages:\n  conda: numpy\nusers:\n  - name: ok\n  - [not, a, user]\n`, "types.yml", OPTS);
    expect(r.template).toBeUndefined();
    expect(only(r.diagnostics, "CWS502", "/packages/conda")).toMatchObject({ line: 5, column: 10 });
    expect(only(r.diagnostics, "CWS502", "/users/1")).toMatchObject({ line: 8, column: 5 });
  });

  it("rejects package specs with shell characters at the item", () => {
    const r = importCwsTemplate(`${HEAD}package_manager: conda\npackages:\n  conda:\n    - numpy\n    - pandas\n    - "scipy; rm -rf /"\n`, "pkg.yml", OPTS);
    expect(only(r.diagnostics, "CWS503", "/packages/conda/2")).toMatchObject({ line: 9, column: 7 });
  });

  it("rejects an unparseable version with a hint", () => {
    const r = importCwsTemplate(`${HEAD}version: latest\n`, "v.yml", OPTS);
    const d = only(r.diagnostics, "CWS503", "/version");
    expect(d.line).toBe(4);
    expect(d.hint).toMatch(/MAJOR\.MINOR\.PATCH/);
  });

  it("rejects a templated user name without a default, and a base CloudWorkstation does not accept", () => {
    const r = importCwsTemplate(
      `name: "Test Template"\ndescription: "A template used to test the importer"\nbase: windows\nusers:\n  - name: "{{.user_name}}"\n`,
      "u.yml",
      OPTS,
    );
    expect(only(r.diagnostics, "CWS503", "/base").line).toBe(3);
    const d = only(r.diagnostics, "CWS503", "/users/0/name");
    expect(d.message).toBe('user name "{{.user_name}}" uses {{.user_name}}, which has no default to write in');
    expect(d.hint).toBe("give parameters.user_name a default, or write the user name out");
  });

  it("rejects conda packages in an apt template (rule CWS213) and a choice default outside its choices", () => {
    const src = `${HEAD}package_manager: apt\npackages:\n  conda: [numpy]\nparameters:\n  size:\n    type: choice\n    choices: [small, large]\n    default: huge\n`;
    const r = importCwsTemplate(src, "pm.yml", OPTS);
    expect(only(r.diagnostics, "CWS503", "/packages/conda").hint).toMatch(/package_manager: conda/);
    expect(only(r.diagnostics, "CWS503", "/parameters/size/default").line).toBe(11);
  });

  it("needs an author when there is no maintainer and no --author", () => {
    const r = importCwsTemplate(HEAD, "a.yml", { category: "misc" });
    expect(errors(r.diagnostics).map((d) => d.hint)).toEqual([expect.stringContaining("--author")]);
  });

  it("warns about unknown fields with a spelling suggestion", () => {
    const r = importCwsTemplate(`${HEAD}pakages:\n  system: [git]\n`, "typo.yml", OPTS);
    expect(r.template).toBeDefined();
    expect(only(r.diagnostics, "CWS504", "/pakages").hint).toContain('"packages"');
  });
});

describe("robustness", () => {
  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = importCwsTemplate(text, "fuzz.yml", OPTS);
        expect(Array.isArray(r.diagnostics)).toBe(true);
        for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("produces a schema-valid template or errors, for plausible and junk values alike", () => {
    const validate = validatorFor("template");
    const opt = <T>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(shape, { requiredKeys: [] });
    const junk = fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: -3, max: 70000 }), fc.boolean(), fc.constant(null), fc.constant("{{.p}}"));
    // Mostly plausible values, sometimes junk: enough of both to reach the mapping code and its error paths.
    const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: junk, weight: 1 });
    const word = mostly(fc.constantFrom("git", "numpy", "researcher", "sudo", "jupyter", "r-base=4.3", "gromacs@2024 +mpi"));
    const arch = fc.constantFrom("x86_64", "arm64", "x86_64", "arm64", "amd64", "sparc");
    const small = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 3 });
    const template = opt({
      slug: word,
      version: mostly(fc.constantFrom("1", "1.0", "v2.0.1", "1.0.0-rc.1", "x")),
      package_manager: mostly(fc.constantFrom("apt", "conda", "spack", "pip", "auto", "yum")),
      connection_type: mostly(fc.constantFrom("ssh", "dcv", "web", "all", "auto")),
      domain: word,
      tags: mostly(fc.dictionary(fc.string({ maxLength: 8 }), word, { maxKeys: 25 })),
      packages: mostly(opt({ system: small(word), conda: small(word), pip: small(word), spack: small(word) })),
      users: small(opt({ name: word, password: word, groups: small(word), shell: fc.constantFrom("/bin/bash", "bash") })),
      services: small(
        opt({ name: word, port: mostly(fc.integer({ min: -1, max: 70000 })), enable: mostly(fc.boolean()), config: small(fc.string({ maxLength: 20 })) }),
      ),
      instance_defaults: mostly(
        opt({
          type: mostly(fc.constantFrom("m7i.large", "t4g.medium", "big")),
          ports: small(mostly(fc.integer({ min: 0, max: 70000 }))),
          root_volume_gb: mostly(fc.integer({ min: 0, max: 20000 })),
          estimated_cost_per_hour: fc.dictionary(arch, mostly(fc.double({ min: -1, max: 2000, noNaN: true })), { maxKeys: 3 }),
        }),
      ),
      idle_detection: mostly(
        opt({
          enabled: mostly(fc.boolean()),
          idle_threshold_minutes: mostly(fc.integer({ min: 0, max: 20000 })),
          check_interval_minutes: fc.integer({ min: 0, max: 3000 }),
        }),
      ),
      ami_config: mostly(
        opt({
          amis: fc.dictionary(fc.constantFrom("us-east-1", "eu-west-1", "mars-1"), fc.dictionary(arch, fc.string({ maxLength: 5 }), { maxKeys: 2 }), {
            maxKeys: 3,
          }),
          instance_types: fc.dictionary(arch, fc.constantFrom("g5g.xlarge", "m7i.large", "nope"), { maxKeys: 2 }),
          user_data_script: fc.string({ maxLength: 20 }),
        }),
      ),
      parameters: fc.dictionary(
        fc.constantFrom("size", "gpu", "bad-name", "n"),
        opt({
          type: fc.constantFrom("choice", "bool", "int", "string", "float"),
          default: mostly(fc.constantFrom("a", "b", 3, true)),
          choices: small(fc.constantFrom("a", "b", 1)),
          description: fc.string({ maxLength: 20 }),
          pattern: word,
        }),
        { maxKeys: 3 },
      ),
      variables: fc.dictionary(fc.constantFrom("VAR", "size", "1bad"), word, { maxKeys: 2 }),
    });
    // A few top-level fields per run, so that many runs get through to a template.
    const subset = fc.tuple(
      template,
      fc.shuffledSubarray(
        [
          "slug",
          "version",
          "package_manager",
          "connection_type",
          "domain",
          "tags",
          "packages",
          "users",
          "services",
          "instance_defaults",
          "idle_detection",
          "ami_config",
          "parameters",
          "variables",
        ],
        { maxLength: 3 },
      ),
    );
    let produced = 0;
    fc.assert(
      fc.property(subset, ([all, keys]) => {
        const extra = Object.fromEntries(Object.entries(all).filter(([k]) => keys.includes(k)));
        const doc = { name: "Fuzzed Template", description: "A template produced by the fuzzer", base: "ubuntu-22.04", ...extra };
        const r = importCwsTemplate(JSON.stringify(doc), "fuzz.yml", OPTS);
        if (r.template) {
          produced += 1;
          expect(errors(r.diagnostics)).toEqual([]);
          expect(validate(r.template) ? [] : validate.errors).toEqual([]);
        } else {
          expect(errors(r.diagnostics).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
    // The property is only meaningful if a fair share of inputs make it to a template.
    expect(produced).toBeGreaterThan(100);
  });
});
