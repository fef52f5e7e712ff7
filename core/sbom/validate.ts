import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { SCHEMAS_DIR } from "../schema/schemas.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The official CycloneDX 1.5 JSON schema and the two it refers to, vendored (schemas/vendor/cyclonedx/README.md). */
const VENDOR = "vendor/cyclonedx/";
const BASE = "http://cyclonedx.org/schema/";
const FILES = ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json", "bom-1.5.SNAPSHOT.schema.json"];

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  if (validator) return validator;
  // Draft-07 (the CycloneDX schema's draft), not our 2020-12 instance; not strict, since the
  // official schema uses keywords ajv's strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Formats ajv-formats does not implement; the schema uses them for URLs and e-mail addresses.
  ajv.addFormat("iri-reference", true);
  ajv.addFormat("idn-email", true);
  for (const file of FILES) {
    const schema = JSON.parse(readFileSync(`${SCHEMAS_DIR}${VENDOR}${file}`, "utf8")) as { $id?: string };
    // Their $refs name each other by file name relative to the CycloneDX base URL.
    delete schema.$id;
    ajv.addSchema(schema, `${BASE}${file}`);
  }
  const fn = ajv.getSchema(`${BASE}bom-1.5.SNAPSHOT.schema.json`);
  if (!fn) throw new Error("the vendored CycloneDX schema did not compile");
  validator = fn;
  return fn;
}

/** Problems of a CycloneDX 1.5 document against the official schema, as "pointer message"; empty when valid. */
export function cycloneDxProblems(document: unknown): string[] {
  const validate = compile();
  if (validate(document)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());
}
