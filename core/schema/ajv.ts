import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import { loadSchemas, type SchemaName } from "./schemas.js";

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

export type { ErrorObject };

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv2020 {
  ajv ??= create();
  return ajv;
}

function create(extra: Options = {}): Ajv2020 {
  const created = new Ajv2020({
    strict: true,
    // if/then blocks legitimately require properties declared by the enclosing schema.
    strictRequired: false,
    allErrors: true,
    // verbose keeps the failing data and parent schema on each error, for messages and hints.
    verbose: true,
    allowUnionTypes: true,
    ...extra,
  });
  addFormats(created);
  for (const schema of loadSchemas().values()) created.addSchema(schema);
  return created;
}

/**
 * Where a launcher leaves validators compiled ahead of time (see standaloneValidators); compiling
 * the template schema costs a few hundred milliseconds per process, a third of validating 10,000
 * templates. Only scripts/lib/bundled-script.mjs sets it, from code generated with the same
 * options and schemas, and rebuilt with them.
 */
export const PRECOMPILED = Symbol.for("cws.precompiledValidators");

/**
 * The ES module source of validators for these schemas, compiled with the options validatorFor
 * uses (Ajv's standalone code): one named export per schema. It calls `require`, so whoever
 * writes it to a file defines `require` first.
 */
export function standaloneValidators(names: readonly SchemaName[]): string {
  const refs: Record<string, string> = {};
  for (const name of names) {
    const schema = loadSchemas().get(name);
    if (!schema) throw new Error(`unknown schema ${name}`);
    refs[name] = schema.$id;
  }
  return standaloneCode(create({ code: { source: true, esm: true } }), refs);
}

/** Returns the compiled validator for a schema; each schema is compiled once per process. */
export function validatorFor(name: SchemaName): ValidateFunction {
  const existing = compiled.get(name);
  if (existing) return existing;
  const ahead = (globalThis as { [PRECOMPILED]?: Partial<Record<SchemaName, ValidateFunction>> })[PRECOMPILED]?.[name];
  if (ahead) {
    compiled.set(name, ahead);
    return ahead;
  }
  const schema = loadSchemas().get(name);
  if (!schema) throw new Error(`unknown schema ${name}`);
  const fn = instance().getSchema(schema.$id);
  if (!fn) throw new Error(`schema ${schema.$id} did not compile`);
  compiled.set(name, fn);
  return fn;
}
