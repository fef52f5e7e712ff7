import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { type ImportOptions, type ImportResult, importCwsTemplate } from "../../core/import/cws-yaml.js";

export const FIXTURES = new URL("./fixtures/", import.meta.url);

export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

/** Imports a fixture, reporting it under a short, stable file name. */
export function importFixture(name: string, options: ImportOptions = {}): ImportResult {
  return importCwsTemplate(fixture(name), `fixtures/${name}`, options);
}

export function codes(list: readonly Diagnostic[]): string[] {
  return list.map((d) => d.code);
}

export function errors(list: readonly Diagnostic[]): Diagnostic[] {
  return list.filter((d) => d.severity === "error");
}

/** The one diagnostic at a pointer with a code; fails the test when there is none or several. */
export function only(list: readonly Diagnostic[], code: string, pointer: string): Diagnostic {
  const found = list.filter((d) => d.code === code && d.pointer === pointer);
  if (found.length !== 1) {
    throw new Error(`expected one ${code} at "${pointer}", got ${found.length}: ${JSON.stringify(list, null, 1)}`);
  }
  return found[0] as Diagnostic;
}
