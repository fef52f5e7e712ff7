import { Metadata, MetadataKind, type Targets } from "@tufjs/models";
import { describe, expect, it } from "vitest";
import {
  allBinNames,
  binNameFor,
  chooseBitLength,
  isBinName,
  isTopLevelTarget,
  MAX_BIT_LENGTH,
  MAX_TARGETS_PER_BIN,
  succinctDelegations,
} from "../../core/tuf/delegation.js";
import type { JsonObject } from "../../core/tuf/json.js";
import { makeKeys } from "./helpers/tuf-fixture.js";

const { keys } = makeKeys();

/** The client's own bin mapping: @tufjs/models parsing the delegations we publish. */
function clientBins(bitLength: number) {
  const signed = { _type: "targets", spec_version: "1.0.31", version: 1, expires: "2030-01-01T00:00:00Z", targets: {} };
  const json = { signatures: [], signed: { ...signed, delegations: succinctDelegations(keys.targets, bitLength) } };
  const succinct = (Metadata.fromJSON(MetadataKind.Targets, json as unknown as JsonObject) as Metadata<Targets>).signed.delegations?.succinctRoles;
  if (!succinct) throw new Error("no succinct_roles");
  return succinct;
}

describe("isTopLevelTarget", () => {
  it.each([
    ["indexes/catalog.json", true],
    ["indexes/search-index.json", true],
    ["indexes/anything/new.json", true],
    [".well-known/cws-marketplace.json", true],
    // The tree has no API paths any more (client spec v2): nothing outside indexes/ is top-level.
    ["api/v1/marketplace/templates/index.json", false],
    ["templates/jupyter-data-science/reviews.json", false],
    ["templates/jupyter-data-science/metadata.json", false],
    ["templates/jupyter-data-science/screenshots/main.png", false],
    ["index.html", false],
    ["browse/index.html", false],
    // Prefixes match whole folders only.
    ["indexes.json", false],
    ["x/indexes/catalog.json", false],
  ])("%s → %s", (path, expected) => {
    expect(isTopLevelTarget(path)).toBe(expected);
  });
});

describe("chooseBitLength", () => {
  it("picks the smallest bit_length ≥ 1 that keeps bins at ≤ 1,024 targets on average, up to the cap", () => {
    expect(MAX_TARGETS_PER_BIN).toBe(1024);
    expect(chooseBitLength(0)).toBe(1);
    expect(chooseBitLength(2048)).toBe(1);
    expect(chooseBitLength(2049)).toBe(2);
    expect(chooseBitLength(20_000)).toBe(5);
    // ~10,000 templates (about 60,000 delegated targets): 64 bins of ~940.
    expect(chooseBitLength(60_000)).toBe(6);
    expect(chooseBitLength(65_536)).toBe(6);
    expect(chooseBitLength(65_537)).toBe(7);
    // ~50,000 templates: 512 bins of ~590.
    expect(chooseBitLength(300_000)).toBe(9);
    expect(chooseBitLength(1_048_576)).toBe(MAX_BIT_LENGTH);
    expect(chooseBitLength(50_000_000)).toBe(MAX_BIT_LENGTH);
    for (let n = 0; n < 2_000_000; n += 7_919) {
      const bits = chooseBitLength(n);
      if (bits < MAX_BIT_LENGTH) expect(n / 2 ** bits).toBeLessThanOrEqual(MAX_TARGETS_PER_BIN);
      if (bits > 1) expect(n / 2 ** (bits - 1)).toBeGreaterThan(MAX_TARGETS_PER_BIN);
    }
  });
});

describe("bin names", () => {
  it("map paths to bins exactly as tuf-js does", () => {
    const paths = ["index.html", "docs/résumé.json", "templates/a/metadata.json", ...Array.from({ length: 300 }, (_, i) => `templates/t-${i}/metadata.json`)];
    for (const bitLength of [1, 4, 5, 8, 9, MAX_BIT_LENGTH]) {
      const client = clientBins(bitLength);
      for (const path of paths) expect(binNameFor(path, bitLength), `${path} @${bitLength}`).toBe(client.getRoleForTarget(path));
      expect(allBinNames(bitLength)).toEqual([...client.getRoles()]);
    }
  });

  it("are zero-padded hex, as many digits as the last bin needs", () => {
    expect(allBinNames(1)).toEqual(["bins-0", "bins-1"]);
    expect(allBinNames(4).at(-1)).toBe("bins-f");
    expect(allBinNames(5).slice(0, 2)).toEqual(["bins-00", "bins-01"]);
    expect(allBinNames(5).at(-1)).toBe("bins-1f");
    expect(allBinNames(MAX_BIT_LENGTH).at(-1)).toBe("bins-3ff");
  });

  it("isBinName accepts only names the signer can produce", () => {
    expect(isBinName("bins-0")).toBe(true);
    expect(isBinName("bins-3ff")).toBe(true);
    for (const bad of ["bins-", "bins-0g", "bins-0/../x", "../bins-0", "bins-0.json", "targets", "snapshot", "bins-FF", "bins-1234", "other-01"]) {
      expect(isBinName(bad), bad).toBe(false);
    }
  });
});
